// Change the password: forced (first sign-in after an administrator set it, or expired) or chosen.
// The server's password rules decide; its message says which rule a new password breaks.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { Button, ErrorMessage, Notice, PageHeader } from '../components/ui';
import { logout, me, refreshMe } from '../lib/session';
import { useStore } from '../lib/store';
import { navigate } from '../lib/router';

export function PasswordChange({ forced = false }: { forced?: boolean }) {
  const user = useStore(me);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (next !== again) {
      setError(new Error('The two new passwords differ. Type the same new password twice.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/v1/auth/password', { current_password: current, new_password: next });
      setDone(true);
      setCurrent('');
      setNext('');
      setAgain('');
      await refreshMe();
      if (!forced) navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const why =
    user?.password_change_reason === 'expired'
      ? 'Your password has expired.'
      : forced
        ? 'Your password was set by an administrator.'
        : null;
  return (
    <div class={forced ? 'login-page' : ''}>
      <form class="card login-card" onSubmit={submit} aria-labelledby="pw-title">
        <PageHeader title={<span id="pw-title">Change your password</span>} />
        {why ? <Notice kind="warning">{why} Choose a new one to continue.</Notice> : null}
        {done ? <Notice kind="success">Password changed.</Notice> : null}
        <label>
          Current password
          <input type="password" name="current_password" autocomplete="current-password" value={current} onInput={(e) => setCurrent((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          New password
          <input type="password" name="new_password" autocomplete="new-password" value={next} onInput={(e) => setNext((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          New password again
          <input type="password" name="new_password_again" autocomplete="new-password" value={again} onInput={(e) => setAgain((e.target as HTMLInputElement).value)} />
        </label>
        <ErrorMessage error={error} />
        <div class="modal-actions">
          {forced ? (
            <Button onClick={() => void logout()}>Sign out</Button>
          ) : (
            <Button onClick={() => navigate('/')}>Cancel</Button>
          )}
          <Button kind="primary" type="submit" busy={busy}>
            Change password
          </Button>
        </div>
      </form>
    </div>
  );
}
