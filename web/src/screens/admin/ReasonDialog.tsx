// Asks for the reason a change to an account or session needs (Annex 11 §9: it is recorded in
// the audit trail with the change). A refusal keeps the dialog open with the server's message and
// the reason as typed.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { Button, ErrorMessage } from '../../components/ui';

export interface ReasonRequest {
  title: string; // "Unlock lock.test"
  confirm: string; // the button: "Unlock"
  danger?: boolean;
  body?: ComponentChildren; // what will happen
}

export function ReasonDialog({
  request,
  onConfirm,
  onCancel,
}: {
  request: ReasonRequest;
  onConfirm: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const previous = useRef<Element | null>(document.activeElement);

  useEffect(() => {
    field.current?.focus();
    const prev = previous.current;
    return () => {
      if (prev instanceof HTMLElement && prev.isConnected) prev.focus();
    };
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (!reason.trim()) {
      setError(new Error('Give the reason; it is recorded in the audit trail with the change.'));
      field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && !busy && onCancel()}>
      <div class="modal" role="dialog" aria-modal="true" aria-labelledby="reason-title" data-testid="reason-dialog">
        <form onSubmit={submit}>
          <h2 id="reason-title">{request.title}</h2>
          {request.body}
          <label>
            Reason (required, recorded in the audit trail)
            <textarea
              ref={field}
              name="reason"
              rows={3}
              value={reason}
              aria-invalid={error ? true : undefined}
              onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
            />
          </label>
          <ErrorMessage error={error} />
          <div class="modal-actions">
            <Button onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
            <Button kind={request.danger ? 'danger' : 'primary'} type="submit" busy={busy}>
              {request.confirm}
            </Button>
          </div>
        </form>
      </div>
    </div>
  );
}
