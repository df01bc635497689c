// Sign in. The server's message says why a sign-in failed (wrong password, locked account with
// when it unlocks or whom to ask); the user name stays typed.
import { useEffect, useRef, useState } from 'preact/hooks';
import { Button, ErrorMessage, Notice } from '../components/ui';
import { login, signedOutReason } from '../lib/session';
import { useStore } from '../lib/store';

export function Login() {
  const reason = useStore(signedOutReason);
  const [username, setUsername] = useState(localStorage.getItem('gemba.last_user') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const userRef = useRef<HTMLInputElement>(null);
  const passRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    (username ? passRef : userRef).current?.focus();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError(new Error('Type your user name and password.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      localStorage.setItem('gemba.last_user', username.trim());
    } catch (err) {
      setPassword('');
      setError(err);
      passRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="login-page">
      <form class="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Gemba</h1>
        <p class="muted">Manufacturing execution · sign in</p>
        {reason ? <Notice kind="warning">{reason}</Notice> : null}
        <label>
          User name
          <input ref={userRef} name="username" autocomplete="username" value={username} onInput={(e) => setUsername((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Password
          <input ref={passRef} name="password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        <ErrorMessage error={error} />
        <Button kind="primary" type="submit" busy={busy} class="btn-block">
          Sign in
        </Button>
      </form>
    </div>
  );
}
