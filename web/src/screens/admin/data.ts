// Reads administration screens share: the role catalogue (GET /api/v1/roles, read once), and each
// user's last sign-in. The users list does not carry the last sign-in, so it is the start of the
// user's newest session (GET /users/{id}/sessions?limit=1), fetched a few at a time.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { Page, Session } from '../../api/types';
import { store, useStore } from '../../lib/store';
import type { Role } from './model';

const roles = store<Role[] | null>(null);
let rolesLoading: Promise<void> | null = null;

export function useRoles(): { roles: Role[]; error: unknown } {
  const value = useStore(roles);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (roles.get()) return;
    rolesLoading ??= api.get<Page<Role>>('/api/v1/roles').then((p) => roles.set(p.items));
    rolesLoading.catch((e) => {
      rolesLoading = null;
      setError(e);
    });
  }, []);
  return { roles: value ?? [], error };
}

const PARALLEL = 4;

// user id → ISO time of the newest session's start; null: never signed in; absent: not read yet.
// Read afresh each time the list is shown.
export function useLastSignIns(userIds: string[]): Record<string, string | null> {
  const [value, setValue] = useState<Record<string, string | null>>({});
  const key = userIds.join(',');
  useEffect(() => {
    const missing = userIds.filter((id) => !(id in value));
    let stopped = false;
    async function worker() {
      for (let id = missing.shift(); id && !stopped; id = missing.shift()) {
        const userId = id;
        try {
          const p = await api.get<Page<Session>>(`/api/v1/users/${encodeURIComponent(userId)}/sessions?limit=1`);
          if (!stopped) setValue((v) => ({ ...v, [userId]: p.items[0]?.created_at ?? null }));
        } catch {
          /* left blank: the column is a convenience, the account page lists every session */
        }
      }
    }
    for (let i = 0; i < PARALLEL; i++) void worker();
    return () => {
      stopped = true;
    };
  }, [key]);
  return value;
}
