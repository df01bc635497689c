// A user's sessions, newest first (GET /api/v1/users/{id}/sessions): where from, when started and
// last active, and how each ended; an active one can be ended with a reason
// (DELETE /api/v1/sessions/{id}?reason=).
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../../api/client';
import type { Page, Session } from '../../api/types';
import { Button, ErrorMessage, Loading, StateBadge } from '../../components/ui';
import { formatTime, humanize } from '../../lib/format';
import { me } from '../../lib/session';
import { ReasonDialog } from './ReasonDialog';

export function Sessions({ userId, printedName, reloadKey }: { userId: string; printedName: string; reloadKey: number }) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ending, setEnding] = useState<Session | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const ctl = new AbortController();
    api
      .get<Page<Session>>(`/api/v1/users/${encodeURIComponent(userId)}/sessions?limit=20`, { signal: ctl.signal })
      .then((p) => {
        setSessions(p.items);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      });
    return () => ctl.abort();
  }, [userId, reloadKey, tick]);

  async function end(s: Session, reason: string) {
    await api.del(`/api/v1/sessions/${encodeURIComponent(s.id)}${query({ reason })}`);
    setEnding(null);
    setTick((t) => t + 1);
  }

  const own = me.get()?.session_id;
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <ErrorMessage error={error} />
      {!sessions && !error ? <Loading what="Reading the sessions" /> : null}
      {sessions && sessions.length === 0 ? <p class="muted">{printedName} has never signed in.</p> : null}
      {sessions && sessions.length > 0 ? (
        <table class="sessions" data-testid="sessions-table">
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Last active</th>
              <th scope="col">From</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id} data-session={s.id}>
                <td>{formatTime(s.created_at, true)}</td>
                <td>{formatTime(s.last_seen_at, true)}</td>
                <td>
                  {s.client_address || '—'}
                  {s.user_agent ? <div class="small muted ua">{s.user_agent}</div> : null}
                </td>
                <td>
                  <StateBadge state={s.state} />
                  {s.id === own ? <div class="small">your current session</div> : null}
                  {s.ended_at ? (
                    <div class="small muted">
                      {formatTime(s.ended_at, true)}
                      {s.end_reason ? ` · ${humanize(s.end_reason)}` : ''}
                    </div>
                  ) : null}
                </td>
                <td>
                  {s.state === 'active' ? (
                    <Button kind="danger" onClick={() => setEnding(s)} aria-label={`End session started ${formatTime(s.created_at, true)}`}>
                      End session
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {ending ? (
        <ReasonDialog
          request={{
            title: `End ${printedName}'s session`,
            confirm: 'End session',
            danger: true,
            body: (
              <p>
                The session started {formatTime(ending.created_at, true)} from {ending.client_address || 'an unknown address'} ends now: the next request from
                it is refused and {ending.id === own ? 'you are signed out' : `${printedName} must sign in again`}. Nothing recorded is lost.
              </p>
            ),
          }}
          onConfirm={(reason) => end(ending, reason)}
          onCancel={() => setEnding(null)}
        />
      ) : null}
    </section>
  );
}
