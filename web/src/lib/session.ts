// Who is signed in: the /me answer, kept while the tab lives. The bearer token is kept in
// sessionStorage (this tab only); requests omit cookies, so each tab is a session of its own.
import { api, ApiError, onActivity, onUnauthenticated, setSessionToken, sessionToken } from '../api/client';
import type { LoginAnswer, Me } from '../api/types';
import { startEvents, stopEvents } from './events';
import { store } from './store';

export const me = store<Me | null>(null);
// Why the user is on the login screen, shown above the form ("Your session expired…").
export const signedOutReason = store<string | null>(null);
// When the server will end the session for inactivity (ms since the epoch, server clock).
export const idleExpiresAt = store<number | null>(null);

let idleMs = 15 * 60_000;
// The server's inactivity limit, read off the session.
export function idleWindowMs(): number {
  return idleMs;
}

function noteSession(m: Me): void {
  const s = m.session;
  if (s && s.idle_expires_at && s.last_seen_at) {
    idleMs = Math.max(60_000, Date.parse(s.idle_expires_at) - Date.parse(s.last_seen_at));
    idleExpiresAt.set(Date.parse(s.idle_expires_at));
  }
}

// Role names as people read them ("QA Reviewer"), from GET /api/v1/roles once per sign-in.
export const roleNames = store<Record<string, string>>({});
async function loadRoleNames(): Promise<void> {
  try {
    const r = await api.get<{ items: { name: string; display_name: string }[] }>('/api/v1/roles');
    roleNames.set(Object.fromEntries(r.items.map((i) => [i.name, i.display_name])));
  } catch {
    /* the raw names are shown instead */
  }
}

export function can(permission: string): boolean {
  return me.get()?.permissions.includes(permission) ?? false;
}

export async function login(username: string, password: string): Promise<Me> {
  const answer = await api.post<LoginAnswer>('/api/v1/auth/login', { username, password });
  setSessionToken(answer.token);
  const user = { ...answer.user, session: answer.session };
  noteSession(user);
  signedOutReason.set(null);
  me.set(user);
  startEvents();
  void loadRoleNames();
  return user;
}

export async function refreshMe(): Promise<Me | null> {
  if (!sessionToken()) return null;
  try {
    const m = await api.get<Me>('/api/v1/me');
    noteSession(m);
    const first = me.get() === null;
    me.set(m);
    if (first) {
      startEvents();
      void loadRoleNames();
    }
    return m;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setSessionToken(null);
      return null;
    }
    throw e;
  }
}

function clear(reason: string | null): void {
  setSessionToken(null);
  stopEvents();
  idleExpiresAt.set(null);
  signedOutReason.set(reason);
  me.set(null);
}

export async function logout(): Promise<void> {
  try {
    await api.post('/api/v1/auth/logout');
  } catch {
    /* the session ends here either way */
  }
  clear('You signed out.');
}

// Every answered request moves the idle deadline (the server counts it as activity).
onActivity(() => {
  if (me.get()) idleExpiresAt.set(Date.now() + idleMs);
});

onUnauthenticated(() => {
  if (me.get()) clear('Your session ended (inactivity, or ended by an administrator). Sign in again; nothing you recorded is lost.');
});

// The user chose "stay signed in" on the timeout warning: any authenticated request is activity.
export async function keepAlive(): Promise<void> {
  await refreshMe();
}

// The deadline passed on this side: check with the server (which decides) and sign out if so.
export async function checkExpired(): Promise<void> {
  try {
    await api.get<Me>('/api/v1/me');
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) clear('Your session expired after inactivity. Sign in again; nothing you recorded is lost.');
  }
}
