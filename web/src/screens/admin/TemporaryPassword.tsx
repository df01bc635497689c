// The temporary password the server set (new account, password reset): shown once, with what the
// administrator must do with it. The server never shows it again; it must be changed at first use.
// It is brought into view and focused: the action that produced it may be further down the page.
import { useEffect, useRef } from 'preact/hooks';

export function TemporaryPassword({ user, password, onDone }: { user: { username: string; printed_name: string }; password: string; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'center' });
    heading.current?.focus();
  }, [password]);
  return (
    <section class="handover" role="status" aria-labelledby="handover-title" data-testid="temporary-password">
      <h2 id="handover-title" ref={heading} tabIndex={-1}>
        Temporary password for {user.printed_name} ({user.username})
      </h2>
      <p class="handover-password" data-testid="temporary-password-value">
        {password}
      </p>
      <ul>
        <li>Hand it to {user.printed_name} in person or by a channel only they can read — not by e-mail or chat.</li>
        <li>At their first sign-in Gemba makes them replace it with a password of their own.</li>
        <li>It is shown only now. If it is lost, reset the password again.</li>
      </ul>
      <button type="button" class="btn btn-primary" onClick={onDone}>
        I have noted it for handover
      </button>
    </section>
  );
}
