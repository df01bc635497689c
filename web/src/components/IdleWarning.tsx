// Warns before the server ends the session for inactivity, with a count-down and a button to stay
// signed in; when the deadline passes, asks the server (which decides) and signs out.
import { useEffect, useState } from 'preact/hooks';
import { formatDuration } from '../lib/format';
import { checkExpired, idleExpiresAt, idleWindowMs, keepAlive } from '../lib/session';
import { useStore } from '../lib/store';
import { Button } from './ui';

// Warn this long before the end (or at half the idle time, when that is shorter).
const WARN_MS = 2 * 60_000;

export function IdleWarning() {
  const deadline = useStore(idleExpiresAt);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  useEffect(() => {
    if (deadline !== null && now >= deadline + 1000) void checkExpired();
  }, [now, deadline]);
  if (deadline === null) return null;
  const left = deadline - now;
  if (left > Math.min(WARN_MS, idleWindowMs() / 2)) return null;
  return (
    <div class="idle-warning" role="alertdialog" aria-live="assertive" data-testid="idle-warning">
      <span>
        You will be signed out for inactivity in <strong>{formatDuration(Math.max(0, left / 1000))}</strong>.
      </span>
      <Button kind="primary" onClick={() => void keepAlive()}>
        Stay signed in
      </Button>
    </div>
  );
}
