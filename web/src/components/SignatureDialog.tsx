// The e-signature dialog (21 CFR 11.50, 11.200): before the password is typed it shows the
// manifestation that will be recorded (printed name, meaning, time) and what is being signed.
// `signer: "self"` signs as the signed-in user (user name shown, fixed: 11.200(a)(1) asks for both
// components on every signing here, which also covers the first signing of a session);
// `signer: "other"` is a witness or second person on the same tablet, who types their own user
// name. A refused signature keeps the dialog open with the server's reason; the password is
// cleared, everything else kept.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, serverNow } from '../api/client';
import type { SignatureInput } from '../api/types';
import { useFocusTrap } from '../lib/focus';
import { formatClock, humanize } from '../lib/format';
import { me } from '../lib/session';
import { useStore } from '../lib/store';
import { Button, ErrorMessage } from './ui';

export interface SignatureRequest {
  title: string; // "Sign: Dispense paracetamol"
  meaning: string; // "performed", "verified", "released", "reviewed"…
  meaningText?: string; // shown under the meaning ("I performed this step")
  signer: 'self' | 'other';
  summary?: string; // what is being signed, one line
  askComment?: boolean;
  commentLabel?: string;
  commentRequired?: boolean;
}

export function SignatureDialog({
  request,
  onSign,
  onCancel,
}: {
  request: SignatureRequest;
  onSign: (signature: SignatureInput) => Promise<void>;
  onCancel: () => void;
}) {
  const user = useStore(me);
  const [username, setUsername] = useState(request.signer === 'self' ? (user?.username ?? '') : '');
  const [password, setPassword] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(serverNow());
  const first = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useFocusTrap(dialog);

  useEffect(() => {
    first.current?.focus();
    const t = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(t);
  }, []);

  const printedName = request.signer === 'self' ? (user?.printed_name ?? '') : 'the person whose user name is typed below';

  async function submit(e: Event) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(new Error('Type the user name and the password to sign.'));
      return;
    }
    if (request.askComment && request.commentRequired && !comment.trim()) {
      setError(new Error(`${request.commentLabel ?? 'A comment'} is required.`));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onSign({
        username: username.trim(),
        password,
        meaning: request.meaning,
        ...(request.askComment && comment.trim() ? { comment: comment.trim() } : {}),
      });
    } catch (err) {
      setPassword('');
      setError(err);
      if (err instanceof ApiError && err.status === 401) onCancel();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && !busy && onCancel()}>
      <div ref={dialog} class="modal" role="dialog" aria-modal="true" aria-labelledby="sig-title" data-testid="signature-dialog">
      <form onSubmit={submit}>
        <h2 id="sig-title">{request.title}</h2>
        {request.summary ? <p>{request.summary}</p> : null}
        <dl class="manifestation" aria-label="Signature manifestation">
          <dt>Signed by</dt>
          <dd data-testid="sig-name">{printedName}</dd>
          <dt>Meaning</dt>
          <dd data-testid="sig-meaning">
            <strong>{humanize(request.meaning)}</strong>
            {request.meaningText ? <span class="muted"> — {request.meaningText}</span> : null}
          </dd>
          <dt>Time (server)</dt>
          <dd data-testid="sig-time">{formatClock(now)}</dd>
        </dl>
        <label>
          User name
          <input
            ref={request.signer === 'other' ? first : undefined}
            name="username"
            autocomplete="username"
            value={username}
            readOnly={request.signer === 'self'}
            onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Password
          <input
            ref={request.signer === 'self' ? first : undefined}
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
        </label>
        {request.askComment ? (
          <label>
            {request.commentLabel ?? 'Comment'}
            {request.commentRequired ? ' (required)' : ''}
            <textarea name="comment" rows={3} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
          </label>
        ) : null}
        <ErrorMessage error={error} />
        <p class="muted small">
          Your signature is legally binding, the equivalent of your handwritten signature, and is recorded with the meaning and
          time shown.
        </p>
        <div class="modal-actions">
          <Button onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button kind="primary" type="submit" busy={busy}>
            Sign
          </Button>
        </div>
      </form>
      </div>
    </div>
  );
}
