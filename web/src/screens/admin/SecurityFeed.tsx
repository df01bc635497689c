// The live security-event feed (failed sign-ins and signatures, lockouts, refusals): events reach
// only holders of user.admin over GET /api/v1/events. Collected while any administration screen
// is open (so switching tabs keeps them), newest first, with a note when the live connection is
// down or events may have been missed. Earlier events are in the audit trail.
import { useEffect } from 'preact/hooks';
import { serverNow } from '../../api/client';
import { connected, useLiveEvents } from '../../lib/events';
import { formatTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { can, me } from '../../lib/session';
import { store, useStore } from '../../lib/store';
import { Notice } from '../../components/ui';
import { securityLine, type FeedLine } from './model';

const KEEP = 200;
export const feed = store<FeedLine[]>([]);

interface Listening {
  since: string; // when the feed started listening
  leftAt: string | null; // administration closed at (nothing is collected meanwhile)
  away: { from: string; to: string } | null; // the latest stretch not collected
  missed: boolean; // the stream said events were lost (a `reset`)
}
const listening = store<Listening | null>(null);
let counter = 0;

// A feed belongs to the administrator who watched it: signing out empties it.
me.subscribe((m) => {
  if (!m) {
    feed.set([]);
    listening.set(null);
  }
});

// Call once in the administration screen's root: collects while administration is open.
export function useSecurityEvents(): void {
  useEffect(() => {
    const now = serverNow().toISOString();
    const l = listening.get();
    if (!l) listening.set({ since: now, leftAt: null, away: null, missed: false });
    else if (l.leftAt) listening.set({ ...l, leftAt: null, away: { from: l.leftAt, to: now } });
    return () => {
      const cur = listening.get();
      if (cur) listening.set({ ...cur, leftAt: serverNow().toISOString() });
    };
  }, []);
  useLiveEvents(['security'], (e) => {
    if (e.type === 'reset') {
      const l = listening.get();
      if (l) listening.set({ ...l, missed: true });
      return;
    }
    counter += 1;
    feed.set([securityLine(e, `e${counter}`), ...feed.get()].slice(0, KEEP));
  });
}

export function SecurityFeed() {
  const lines = useStore(feed);
  const live = useStore(connected);
  const l = useStore(listening);
  return (
    <section class="security-feed" aria-labelledby="feed-title">
      <h2 id="feed-title">Security events</h2>
      {!live ? (
        <Notice kind="warning">
          The live connection is down; reconnecting. Events that happen meanwhile are shown once it is back, or read them in the audit trail.
        </Notice>
      ) : null}
      {l?.missed ? (
        <Notice kind="warning">Some events may have been missed while the connection was down; the audit trail has every one.</Notice>
      ) : null}
      {l?.away ? (
        <Notice kind="warning">
          Not collected from {formatTime(l.away.from, true)} to {formatTime(l.away.to, true)}, while administration was closed; the audit trail has those
          events.
        </Notice>
      ) : null}
      <p class="muted small">
        Live since {l ? formatTime(l.since, true) : '—'}, newest first.
        {can('audit.read') ? (
          <>
            {' '}
            Earlier ones:{' '}
            <a
              href="/audit?action=security.login_failed"
              onClick={(e) => {
                e.preventDefault();
                navigate('/audit?action=security.login_failed');
              }}
            >
              failed sign-ins in the audit trail
            </a>
            .
          </>
        ) : null}
      </p>
      <div aria-live="polite">
      {lines.length === 0 ? (
        <p class="feed-empty">No security events since you opened administration.</p>
      ) : (
        <ol class="feed" aria-label="Security events, newest first" data-testid="security-feed">
          {lines.map((l) => (
            <li key={l.key} class={`feed-line feed-${l.tone}`} data-type={l.type}>
              <time dateTime={l.at}>{formatTime(l.at, true)}</time>
              <div class="feed-text">
                <strong>{l.title}</strong>
                {l.detail ? <span class="muted"> · {l.detail}</span> : null}
              </div>
              {l.userId ? (
                <a
                  class="btn btn-secondary feed-open"
                  href={`/admin/users?user=${encodeURIComponent(l.userId)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/admin/users?user=${encodeURIComponent(l.userId!)}`);
                  }}
                >
                  Open account<span class="visually-hidden"> of {l.username}</span>
                </a>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      </div>
    </section>
  );
}
