// Administration's logic apart from rendering: the shapes of users and roles as the trust core's
// API returns them, the users-list query, and a security event (security.login_failed,
// security.account_locked, …) as one line of the live feed.
import { query } from '../../api/client';
import type { LiveEvent } from '../../lib/events';

export type UserStatus = 'active' | 'locked' | 'disabled';

export interface Manifestation {
  id: string;
  signer: { id: string; printed_name: string };
  meaning: string;
  meaning_text?: string;
  signed_at: string;
  comment?: string;
  valid?: boolean;
}

// GET /api/v1/users items; GET /users/{id} adds identity_evidence and signatures; POST /users and
// PATCH with reset_password add the temporary_password (shown once).
export interface UserAccount {
  id: string;
  username: string;
  printed_name: string;
  email: string;
  site: string;
  status: UserStatus;
  roles: string[];
  must_change_password: boolean;
  password_change_reason: string | null;
  password_changed_at: string;
  failed_attempts: number;
  created_at: string;
  created_by: string;
  version: number;
  identity_evidence?: string;
  signatures?: Manifestation[];
  temporary_password?: string;
}

export interface Role {
  name: string;
  display_name: string;
  description: string;
  permissions: string[];
}

export interface UserListFilter {
  status?: UserStatus | '';
  role?: string;
  username?: string;
}

export function usersQuery(f: UserListFilter, cursor?: string): string {
  return query({ status: f.status || undefined, role: f.role?.trim(), username: f.username?.trim(), limit: 100, cursor });
}

export const STATUS_TEXT: Record<UserStatus, string> = {
  active: 'Active',
  locked: 'Locked',
  disabled: 'Disabled',
};

export function roleNames(roles: string[], known: Role[]): string {
  if (roles.length === 0) return 'no role';
  return roles.map((r) => known.find((k) => k.name === r)?.display_name ?? r).join(', ');
}

// Why the password must be changed, as the administrator reads it.
export function passwordNote(u: UserAccount): string | null {
  if (!u.must_change_password) return null;
  switch (u.password_change_reason) {
    case 'first_login':
      return 'must choose a password at first sign-in';
    case 'administrator_reset':
      return 'password reset: must choose a new one at next sign-in';
    case 'expired':
      return 'password expired: must change it at next sign-in';
    default:
      return 'must change the password at next sign-in';
  }
}

// ---- the security feed ----

export interface FeedLine {
  key: string;
  at: string;
  type: string;
  tone: 'danger' | 'warning';
  title: string;
  detail: string;
  username: string; // as typed or as the account has it
  userId: string | null; // the account concerned, when known
}

const PURPOSE: Record<string, string> = {
  login: 'sign-in',
  signature: 'e-signature',
  password_change: 'password change',
};

function text(d: Record<string, unknown>, k: string): string {
  const v = d[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

// `security.login_failed` {username, client_address, failed_attempts, known_user} → "Failed
// sign-in: eng.farid", "attempt 3 · from 127.0.0.1:52318".
export function securityLine(e: LiveEvent, key: string): FeedLine {
  const d = e.data ?? {};
  const username = text(d, 'username');
  const from = text(d, 'client_address');
  const attempts = text(d, 'failed_attempts');
  const userId = e.subject?.type === 'user' && e.subject.id ? e.subject.id : null;
  const parts: string[] = [];
  let title: string;
  let tone: FeedLine['tone'] = 'warning';
  const m = /^security\.(login|signature|password_change)_(failed|refused)$/.exec(e.type);
  if (e.type === 'security.account_locked') {
    tone = 'danger';
    title = `Account locked: ${username || 'unknown account'}`;
    if (attempts) parts.push(`after ${attempts} failed attempts`);
    parts.push('an administrator must unlock it');
  } else if (m) {
    const purpose = PURPOSE[m[1]];
    if (m[2] === 'failed') {
      const unknown = d['known_user'] === false;
      title = unknown ? `Failed ${purpose}: unknown user name “${username}”` : `Failed ${purpose}: ${username}`;
      if (attempts) parts.push(`wrong password, attempt ${attempts}`);
      else if (!unknown) parts.push('wrong password');
    } else {
      title = `${purpose.charAt(0).toUpperCase()}${purpose.slice(1)} refused: ${username}`;
      const status = text(d, 'status');
      if (status) parts.push(`the account is ${status}`);
    }
  } else {
    title = `${e.type.replace(/^security\./, '').replace(/_/g, ' ')}${username ? `: ${username}` : ''}`;
    title = title.charAt(0).toUpperCase() + title.slice(1);
  }
  if (from) parts.push(`from ${from}`);
  return { key, at: e.at, type: e.type, tone, title, detail: parts.join(' · '), username, userId };
}
