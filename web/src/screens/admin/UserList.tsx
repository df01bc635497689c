// The user accounts: status (locked after failed attempts, disabled), roles, failed attempts and
// last sign-in, filtered by name, status and role. Refreshed when a security event arrives, so a
// lockout shows here as it happens.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Page } from '../../api/types';
import { Button, ErrorMessage, Loading, Notice, StateBadge } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { formatTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { useLastSignIns, useRoles } from './data';
import { passwordNote, roleNames, usersQuery, type UserAccount, type UserListFilter, type UserStatus } from './model';

export function UserList() {
  const { roles, error: rolesError } = useRoles();
  const [filter, setFilter] = useState<UserListFilter>({});
  const [name, setName] = useState('');
  const [users, setUsers] = useState<UserAccount[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const refresh = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const ctl = new AbortController();
    setBusy(true);
    api
      .get<Page<UserAccount>>(`/api/v1/users${usersQuery(filter)}`, { signal: ctl.signal })
      .then((p) => {
        setUsers(p.items);
        setNext(p.next_cursor ?? null);
        setError(null);
      })
      .catch((e) => {
        if ((e as Error).name !== 'AbortError') setError(e);
      })
      .finally(() => {
        if (!ctl.signal.aborted) setBusy(false);
      });
    return () => ctl.abort();
  }, [JSON.stringify(filter), tick]);

  useLiveEvents(['security'], () => {
    clearTimeout(refresh.current);
    refresh.current = setTimeout(() => setTick((t) => t + 1), 400);
  });
  useEffect(() => () => clearTimeout(refresh.current), []);

  async function more() {
    if (!next) return;
    setBusy(true);
    try {
      const p = await api.get<Page<UserAccount>>(`/api/v1/users${usersQuery(filter, next)}`);
      setUsers([...(users ?? []), ...p.items]);
      setNext(p.next_cursor ?? null);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const lastSignIns = useLastSignIns((users ?? []).map((u) => u.id));
  const open = (u: UserAccount) => navigate(`/admin/users?user=${encodeURIComponent(u.id)}`);

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title" class="visually-hidden">
        Users
      </h2>
      <form
        class="card user-filters"
        aria-label="Find users"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...filter, username: name });
        }}
      >
        <label>
          User name starts with
          <input name="username" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Status
          <select name="status" value={filter.status ?? ''} onChange={(e) => setFilter({ ...filter, status: (e.target as HTMLSelectElement).value as UserStatus | '' })}>
            <option value="">Any</option>
            <option value="active">Active</option>
            <option value="locked">Locked</option>
            <option value="disabled">Disabled</option>
          </select>
        </label>
        <label>
          Role
          <select name="role" value={filter.role ?? ''} onChange={(e) => setFilter({ ...filter, role: (e.target as HTMLSelectElement).value })}>
            <option value="">Any</option>
            {roles.map((r) => (
              <option key={r.name} value={r.name}>
                {r.display_name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit">Find</Button>
      </form>
      <ErrorMessage error={error ?? rolesError} />
      {!users ? <Loading what="Reading the accounts" /> : null}
      {users && users.length === 0 ? <Notice>No account matches.</Notice> : null}
      {users && users.length > 0 ? (
        <table class="users" aria-busy={busy} data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">Last sign-in</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const note = passwordNote(u);
              const last = lastSignIns[u.id];
              return (
                <tr key={u.id} class="clickable" data-username={u.username} onClick={() => open(u)}>
                  <td>
                    <a
                      href={`/admin/users?user=${encodeURIComponent(u.id)}`}
                      class="user-link"
                      onClick={(e) => {
                        e.preventDefault();
                        e.stopPropagation();
                        open(u);
                      }}
                    >
                      {u.printed_name}
                    </a>
                    <div class="mono small">{u.username}</div>
                  </td>
                  <td>{roleNames(u.roles, roles)}</td>
                  <td>
                    <StateBadge state={u.status} />
                    {u.failed_attempts > 0 ? <div class="small">{u.failed_attempts} failed attempt{u.failed_attempts === 1 ? '' : 's'}</div> : null}
                    {note ? <div class="small muted">{note}</div> : null}
                  </td>
                  <td>{last === undefined ? <span class="muted">…</span> : last === null ? <span class="muted">never</span> : formatTime(last)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {next ? (
        <Button onClick={() => void more()} busy={busy}>
          More accounts
        </Button>
      ) : null}
    </section>
  );
}
