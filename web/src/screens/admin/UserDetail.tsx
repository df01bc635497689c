// One account (GET /api/v1/users/{id}): who verified the person's identity, status and what can
// be done about it (unlock, disable, enable), password reset (the temporary password to hand
// over), roles, and sessions. Every change is a PATCH with the version read and a reason; a
// stale version reloads the account and keeps what was typed.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { Button, ErrorMessage, Loading, StateBadge } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { formatTime, humanize } from '../../lib/format';
import { navigate } from '../../lib/router';
import { can } from '../../lib/session';
import { useRoles } from './data';
import { passwordNote, roleNames, STATUS_TEXT, type UserAccount } from './model';
import { ReasonDialog, type ReasonRequest } from './ReasonDialog';
import { Sessions } from './Sessions';
import { TemporaryPassword } from './TemporaryPassword';

type Change = { request: ReasonRequest; body: Record<string, unknown> };

function sameSet(a: string[], b: Set<string>): boolean {
  return a.length === b.size && a.every((x) => b.has(x));
}

export function UserDetail({ id }: { id: string }) {
  const { roles } = useRoles();
  const [user, setUser] = useState<UserAccount | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [change, setChange] = useState<Change | null>(null);
  const [roleDraft, setRoleDraft] = useState<Set<string> | null>(null);
  const [handover, setHandover] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);

  async function load() {
    try {
      setUser(await api.get<UserAccount>(`/api/v1/users/${encodeURIComponent(id)}`));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }

  useEffect(() => {
    setUser(null);
    setRoleDraft(null);
    setHandover(null);
    setDone(null);
    void load();
  }, [id]);

  // A failed attempt or a lockout of this account changes what is shown.
  useLiveEvents(['security'], (e) => {
    if (e.type === 'reset' || e.subject?.id === id) {
      void load();
      setReloads((n) => n + 1);
    }
  });

  async function apply(c: Change, reason: string) {
    if (!user) return;
    try {
      const next = await api.patch<UserAccount>(`/api/v1/users/${encodeURIComponent(user.id)}`, { ...c.body, reason }, { ifMatch: user.version });
      setUser(next);
      if (next.temporary_password) setHandover(next.temporary_password);
      if ('roles' in c.body) setRoleDraft(null);
      setDone(`${c.request.confirm}: done, with the reason recorded in the audit trail.`);
      setChange(null);
      setReloads((n) => n + 1);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'conflict') void load();
      throw e;
    }
  }

  if (error && !user) return <ErrorMessage error={error} />;
  if (!user) return <Loading what="Reading the account" />;

  const ask = (request: ReasonRequest, body: Record<string, unknown>) => {
    setDone(null);
    setChange({ request, body });
  };
  const draft = roleDraft ?? new Set(user.roles);
  const rolesChanged = !sameSet(user.roles, draft);
  const note = passwordNote(user);
  const name = user.printed_name;

  return (
    <div class="user-detail" data-testid="user-detail">
      <div class="page-header">
        <h2 class="user-title">
          {name} <span class="mono muted">{user.username}</span>
        </h2>
        <StateBadge state={user.status} />
      </div>
      <ErrorMessage error={error} />
      {done ? (
        <div class="alert alert-success" role="status">
          {done}
        </div>
      ) : null}
      {handover ? <TemporaryPassword user={user} password={handover} onDone={() => setHandover(null)} /> : null}

      <div class="detail-grid">
        <section class="card" aria-labelledby="account-title">
          <h2 id="account-title">Account</h2>
          <dl class="facts">
            <dt>Status</dt>
            <dd data-testid="user-status">
              {STATUS_TEXT[user.status]}
              {user.failed_attempts > 0 ? ` · ${user.failed_attempts} failed attempt${user.failed_attempts === 1 ? '' : 's'}` : ''}
            </dd>
            <dt>Password</dt>
            <dd>
              set {formatTime(user.password_changed_at)}
              {note ? <div class="small">{note}</div> : null}
            </dd>
            <dt>E-mail</dt>
            <dd>{user.email || '—'}</dd>
            <dt>Site</dt>
            <dd>{user.site || '—'}</dd>
            <dt>Created</dt>
            <dd>{formatTime(user.created_at)}</dd>
            <dt>Identity</dt>
            <dd>
              {user.identity_evidence || '—'}
              {(user.signatures ?? []).map((s) => (
                <div key={s.id} class="small">
                  {s.meaning_text ?? humanize(s.meaning)} {s.signer.printed_name}, {formatTime(s.signed_at, true)}
                  {s.valid === false ? <strong> — signature NOT valid</strong> : null}
                </div>
              ))}
            </dd>
          </dl>
          <div class="account-actions">
            {user.status === 'locked' ? (
              <Button
                kind="primary"
                onClick={() =>
                  ask(
                    {
                      title: `Unlock ${name}'s account`,
                      confirm: 'Unlock',
                      body: <p>The failed-attempt count goes back to 0 and {name} can sign in with their current password.</p>,
                    },
                    { unlock: true },
                  )
                }
              >
                Unlock
              </Button>
            ) : null}
            {user.status === 'disabled' ? (
              <Button
                kind="primary"
                onClick={() => ask({ title: `Enable ${name}'s account`, confirm: 'Enable account', body: <p>{name} can sign in again.</p> }, { status: 'active' })}
              >
                Enable account
              </Button>
            ) : (
              <Button
                kind="danger"
                onClick={() =>
                  ask(
                    {
                      title: `Disable ${name}'s account`,
                      confirm: 'Disable account',
                      danger: true,
                      body: <p>{name} can no longer sign in or sign, and every open session of theirs ends now. Their records stay as they are.</p>,
                    },
                    { status: 'disabled' },
                  )
                }
              >
                Disable account
              </Button>
            )}
            <Button
              onClick={() =>
                ask(
                  {
                    title: `Reset ${name}'s password`,
                    confirm: 'Reset password',
                    body: (
                      <p>
                        Gemba sets a temporary password, shown to you once to hand over; {name} must replace it at the next sign-in. Their open sessions end now.
                      </p>
                    ),
                  },
                  { reset_password: true },
                )
              }
            >
              Reset password
            </Button>
          </div>
          {can('audit.read') ? (
            <a
              href={`/audit?record_type=user&record_id=${encodeURIComponent(user.id)}`}
              onClick={(e) => {
                e.preventDefault();
                navigate(`/audit?record_type=user&record_id=${encodeURIComponent(user.id)}`);
              }}
            >
              This account's history in the audit trail
            </a>
          ) : null}
        </section>

        <section class="card" aria-labelledby="roles-title">
          <h2 id="roles-title">Roles</h2>
          <fieldset class="roles">
            <legend class="visually-hidden">Roles of {name}</legend>
            {roles.map((r) => (
              <label key={r.name} class="role-choice">
                <input
                  type="checkbox"
                  name="roles"
                  value={r.name}
                  checked={draft.has(r.name)}
                  onChange={(e) => {
                    const next = new Set(draft);
                    if ((e.target as HTMLInputElement).checked) next.add(r.name);
                    else next.delete(r.name);
                    setRoleDraft(next);
                  }}
                />
                <span>
                  {r.display_name}
                  <span class="small muted role-description">{r.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div class="account-actions">
            <Button
              kind="primary"
              disabled={!rolesChanged}
              onClick={() =>
                ask(
                  {
                    title: `Change ${name}'s roles`,
                    confirm: 'Save roles',
                    body: (
                      <p>
                        From <strong>{roleNames(user.roles, roles)}</strong> to <strong>{roleNames([...draft], roles)}</strong>.
                      </p>
                    ),
                  },
                  { roles: [...draft] },
                )
              }
            >
              Save roles
            </Button>
            {rolesChanged ? <Button onClick={() => setRoleDraft(null)}>Undo changes</Button> : null}
          </div>
        </section>
      </div>

      <Sessions userId={user.id} printedName={name} reloadKey={reloads} />

      {change ? <ReasonDialog request={change.request} onConfirm={(reason) => apply(change, reason)} onCancel={() => setChange(null)} /> : null}
    </div>
  );
}
