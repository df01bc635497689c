// Asks before recording a value that will raise an exception (outside the alarm limits, not the
// expected answer, a hold time run out): says why, and takes the comment QA will read. Escape or
// "Change the value" go back to the entry with everything kept; Tab stays inside the dialog.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button } from '../../components/ui';
import { useFocusTrap } from '../../lib/focus';

export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  initialComment = '',
  onConfirm,
  onCancel,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  initialComment?: string;
  onConfirm: (comment: string) => void;
  onCancel: () => void;
}) {
  const [comment, setComment] = useState(initialComment);
  const [missing, setMissing] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog);
  useEffect(() => ref.current?.focus(), []);
  function submit(e: Event) {
    e.preventDefault();
    if (!comment.trim()) {
      setMissing(true);
      ref.current?.focus();
      return;
    }
    onConfirm(comment.trim());
  }
  return (
    <div class="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <div class="modal" ref={dialog} role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-message" data-testid="confirm-dialog">
        <form onSubmit={submit}>
          <h2 id="confirm-title">{title}</h2>
          <p id="confirm-message" class="alert alert-warning">
            {message}
          </p>
          <label>
            Comment (required)
            <textarea
              ref={ref}
              rows={3}
              value={comment}
              aria-invalid={missing && !comment.trim()}
              onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
            />
          </label>
          {missing && !comment.trim() ? (
            <p class="field-error" role="alert">
              Say why: the comment is recorded with the value.
            </p>
          ) : null}
          <div class="modal-actions">
            <Button onClick={onCancel}>Change the value</Button>
            <Button kind="primary" type="submit">
              {confirmLabel}
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}
