// Tables of cases for administration's logic: security event → feed line, the users-list query,
// role names and the password note.
import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../lib/events';
import { passwordNote, roleNames, securityLine, usersQuery, type FeedLine, type Role, type UserAccount } from './model';

const AT = '2026-11-26T02:16:15.240422Z';
const user = { type: 'user', id: 'u-farid' };

describe('security event → feed line', () => {
  const cases: [string, LiveEvent, Omit<FeedLine, 'key' | 'at' | 'type'>][] = [
    [
      'failed sign-in of a known user',
      { type: 'security.login_failed', at: AT, subject: user, data: { username: 'eng.farid', client_address: '127.0.0.1:52318', failed_attempts: 3, known_user: true } },
      { tone: 'warning', title: 'Failed sign-in: eng.farid', detail: 'wrong password, attempt 3 · from 127.0.0.1:52318', username: 'eng.farid', userId: 'u-farid' },
    ],
    [
      'failed sign-in with an unknown name',
      { type: 'security.login_failed', at: AT, subject: { type: 'user', id: '' }, data: { username: 'nobody', client_address: '10.0.0.7:1', known_user: false } },
      { tone: 'warning', title: 'Failed sign-in: unknown user name “nobody”', detail: 'from 10.0.0.7:1', username: 'nobody', userId: null },
    ],
    [
      'lockout',
      { type: 'security.account_locked', at: AT, subject: user, data: { username: 'eng.farid', failed_attempts: 5 } },
      { tone: 'danger', title: 'Account locked: eng.farid', detail: 'after 5 failed attempts · an administrator must unlock it', username: 'eng.farid', userId: 'u-farid' },
    ],
    [
      'sign-in refused on a locked account',
      { type: 'security.login_refused', at: AT, subject: user, data: { username: 'eng.farid', status: 'locked', client_address: '127.0.0.1:9' } },
      { tone: 'warning', title: 'Sign-in refused: eng.farid', detail: 'the account is locked · from 127.0.0.1:9', username: 'eng.farid', userId: 'u-farid' },
    ],
    [
      'wrong password on an e-signature',
      { type: 'security.signature_failed', at: AT, subject: user, data: { username: 'op.ben', failed_attempts: 2, known_user: true, client_address: 'tablet-3' } },
      { tone: 'warning', title: 'Failed e-signature: op.ben', detail: 'wrong password, attempt 2 · from tablet-3', username: 'op.ben', userId: 'u-farid' },
    ],
    [
      'password change refused',
      { type: 'security.password_change_refused', at: AT, subject: user, data: { username: 'op.ben', status: 'disabled' } },
      { tone: 'warning', title: 'Password change refused: op.ben', detail: 'the account is disabled', username: 'op.ben', userId: 'u-farid' },
    ],
    [
      'a kind this screen does not know yet',
      { type: 'security.token_reused', at: AT, subject: user, data: { username: 'op.ben' } },
      { tone: 'warning', title: 'Token reused: op.ben', detail: '', username: 'op.ben', userId: 'u-farid' },
    ],
    [
      'no data at all',
      { type: 'security.account_locked', at: AT },
      { tone: 'danger', title: 'Account locked: unknown account', detail: 'an administrator must unlock it', username: '', userId: null },
    ],
  ];
  for (const [name, e, want] of cases) {
    it(name, () => expect(securityLine(e, 'k1')).toEqual({ key: 'k1', at: AT, type: e.type, ...want }));
  }
});

describe('users list query', () => {
  const cases: [string, Parameters<typeof usersQuery>, string][] = [
    ['everyone', [{}], '?limit=100'],
    ['locked operators', [{ status: 'locked', role: 'operator' }], '?status=locked&role=operator&limit=100'],
    ['by name prefix, next page', [{ status: '', username: ' op. ' }, 'op.anna'], '?username=op.&limit=100&cursor=op.anna'],
  ];
  for (const [name, args, want] of cases) it(name, () => expect(usersQuery(...args)).toBe(want));
});

describe('role names', () => {
  const known: Role[] = [
    { name: 'operator', display_name: 'Operator', description: '', permissions: [] },
    { name: 'qa_approver', display_name: 'QA Approver (qualified person)', description: '', permissions: [] },
  ];
  const cases: [string[], string][] = [
    [[], 'no role'],
    [['operator'], 'Operator'],
    [['operator', 'qa_approver'], 'Operator, QA Approver (qualified person)'],
    [['retired_role'], 'retired_role'],
  ];
  for (const [roles, want] of cases) it(roles.join('+') || 'none', () => expect(roleNames(roles, known)).toBe(want));
});

describe('password note', () => {
  const base = { must_change_password: true } as UserAccount;
  const cases: [Partial<UserAccount>, string | null][] = [
    [{ must_change_password: false, password_change_reason: null }, null],
    [{ password_change_reason: 'first_login' }, 'must choose a password at first sign-in'],
    [{ password_change_reason: 'administrator_reset' }, 'password reset: must choose a new one at next sign-in'],
    [{ password_change_reason: 'expired' }, 'password expired: must change it at next sign-in'],
  ];
  for (const [u, want] of cases) it(String(u.password_change_reason), () => expect(passwordNote({ ...base, ...u })).toBe(want));
});
