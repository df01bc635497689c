// Administration against the real server: who sees it, a lockout arriving live in the security
// feed and the unlock, and an account's life (created with the administrator's signature, its
// session ended, its password reset, its roles changed). Uses only accounts it creates, besides
// admin.gina (never locked) and op.anna (only looks).
import { expect, test, type Page } from '@playwright/test';
import { Api, mainUrl, PASSWORD, screenshot, signIn, signature } from './support';

// Full-page screenshot from the top (the sticky header would otherwise sit mid-page).
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const LOCK_PASSWORD = 'lena-signs-in-2026';

async function login(username: string, password: string): Promise<{ status: number; token?: string }> {
  const r = await fetch(`${mainUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const j = (await r.json()) as { token?: string };
  return { status: r.status, token: j.token };
}

// A user with a password of their own: created by admin.gina, first sign-in changes the
// temporary one.
async function userWithPassword(username: string, printedName: string, password: string): Promise<void> {
  const admin = await Api.as('admin.gina');
  const created = await admin.post('/api/v1/users', {
    username,
    printed_name: printedName,
    roles: ['operator'],
    identity_evidence: 'e2e: badge checked',
    signature: { ...signature('admin.gina'), meaning: 'approved' },
  });
  const first = await login(username, created.temporary_password);
  const r = await fetch(`${mainUrl()}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${first.token}` },
    body: JSON.stringify({ current_password: created.temporary_password, new_password: password }),
  });
  expect(r.status).toBe(200);
}

async function typeLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an operator sees no administration', async ({ page }) => {
  await signIn(page, 'op.anna');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' })).toHaveCount(0);
  await page.goto(mainUrl() + '/admin');
  await expect(page.getByRole('alert')).toContainText('Your role does not include this screen');
  await expect(page.getByRole('alert')).toContainText('user.admin');
});

test('a lockout arrives live in the security feed and the administrator unlocks the account', async ({ browser }) => {
  await userWithPassword('lock.lena', 'Lena Lock', LOCK_PASSWORD);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, 'admin.gina');
  await expect(admin.getByRole('img', { name: 'Live updates connected' })).toBeVisible();
  await admin.getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Security events' }).click();
  await expect(admin.getByText('No security events since you opened administration.')).toBeVisible();

  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await user.goto(mainUrl() + '/');
  for (let i = 1; i <= 5; i++) {
    await typeLogin(user, 'lock.lena', `wrong-password-${i}`);
    await expect(user.getByRole('alert')).toContainText('the user name or password is incorrect');
    await expect(user.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  }
  const feed = admin.getByTestId('security-feed');
  await expect(feed.locator('li[data-type="security.login_failed"]')).toHaveCount(5);
  await expect(feed.locator('li[data-type="security.account_locked"]')).toContainText('Account locked: lock.lena');
  await expect(feed.locator('li').first()).toContainText('Account locked: lock.lena'); // newest first
  await expect(feed.locator('li[data-type="security.login_failed"]').first()).toContainText('attempt 5');

  // Even the right password is refused now, and says why.
  await typeLogin(user, 'lock.lena', LOCK_PASSWORD);
  await expect(user.getByRole('alert')).toContainText('your account is locked');
  await shot(user, 'admin-login-locked');
  await expect(feed.locator('li[data-type="security.login_refused"]')).toContainText('Sign-in refused: lock.lena');
  await shot(admin, 'admin-security-feed');

  await feed.locator('li[data-type="security.account_locked"]').getByRole('link', { name: 'Open account' }).click();
  await expect(admin.getByTestId('user-status')).toContainText('Locked');
  await shot(admin, 'admin-user-locked');
  await admin.getByRole('button', { name: 'Unlock' }).click();
  const dialog = admin.getByTestId('reason-dialog');
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Give the reason');
  await dialog.getByLabel(/Reason/).fill('Identity confirmed by phone; forgot the new password');
  await dialog.getByRole('button', { name: 'Unlock' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(admin.getByTestId('user-status')).toHaveText('Active');

  await typeLogin(user, 'lock.lena', LOCK_PASSWORD);
  await expect(user.getByTestId('who')).toContainText('Lena Lock');
  await adminContext.close();
  await userContext.close();
});

test('an account is created with a signature, its session ended, its password reset and its roles changed', async ({ page }) => {
  await signIn(page, 'admin.gina');
  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByTestId('users-table')).toContainText('admin.gina');
  await shot(page, 'admin-users');
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'New account' }).click();

  // A look-alike of an existing name is refused after signing; the form keeps what was typed.
  await page.getByLabel('User name').fill('op.anna');
  await page.getByLabel('Printed name').fill('Nora Neumann');
  await page.getByRole('checkbox', { name: /^Operator/ }).check();
  await page.getByLabel('Identity verified by').fill('Passport seen in person, HR record 4471');
  await shot(page, 'admin-new-account');
  await page.getByRole('button', { name: 'Sign and create account' }).click();
  let sig = page.getByTestId('signature-dialog');
  await expect(sig.getByTestId('sig-name')).toHaveText('Gina Rossi');
  await expect(sig.getByTestId('sig-meaning')).toContainText('Approved');
  await sig.getByLabel('Password').fill(PASSWORD);
  await sig.getByRole('button', { name: 'Sign' }).click();
  await expect(sig).toHaveCount(0);
  await expect(page.getByRole('alert')).toContainText('looks like the existing user op.anna');
  await expect(page.getByLabel('User name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Printed name')).toHaveValue('Nora Neumann');
  await expect(page.getByLabel('Identity verified by')).toHaveValue('Passport seen in person, HR record 4471');

  await page.getByLabel('User name').fill('new.nora');
  await page.getByRole('button', { name: 'Sign and create account' }).click();
  sig = page.getByTestId('signature-dialog');
  await sig.getByLabel('Password').fill(PASSWORD);
  await sig.getByRole('button', { name: 'Sign' }).click();
  const handover = page.getByTestId('temporary-password');
  await expect(handover).toContainText('Temporary password for Nora Neumann (new.nora)');
  const temporary = (await page.getByTestId('temporary-password-value').textContent())!.trim();
  expect(temporary.length).toBeGreaterThan(11);
  await shot(page, 'admin-account-created');

  // Nora signs in (on her own device); the administrator ends that session.
  const nora = await login('new.nora', temporary);
  expect(nora.status).toBe(200);
  await page.getByRole('button', { name: 'I have noted it for handover' }).click();
  await expect(page.getByTestId('user-detail')).toContainText('Passport seen in person, HR record 4471');
  await expect(page.getByTestId('user-detail')).toContainText('Approved by Gina Rossi');
  const sessions = page.getByTestId('sessions-table');
  await expect(sessions.locator('tbody tr')).toHaveCount(1);
  await expect(sessions).toContainText('Active');
  await shot(page, 'admin-account');
  await sessions.getByRole('button', { name: /End session/ }).click();
  let dialog = page.getByTestId('reason-dialog');
  await dialog.getByLabel(/Reason/).fill('Tablet left signed in at the gowning area');
  await dialog.getByRole('button', { name: 'End session' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(sessions).toContainText('Ended');
  await expect(sessions).toContainText('Revoked');
  const me = await fetch(`${mainUrl()}/api/v1/me`, { headers: { Authorization: `Bearer ${nora.token}` } });
  expect(me.status).toBe(401);

  // Password reset: a new temporary password replaces the first.
  await page.getByRole('button', { name: 'Reset password' }).click();
  dialog = page.getByTestId('reason-dialog');
  await dialog.getByLabel(/Reason/).fill('Forgot the temporary password before first use');
  await dialog.getByRole('button', { name: 'Reset password' }).click();
  await expect(dialog).toHaveCount(0);
  const reset = (await page.getByTestId('temporary-password-value').textContent())!.trim();
  expect(reset).not.toBe(temporary);
  await shot(page, 'admin-password-reset');
  expect((await login('new.nora', reset)).status).toBe(200);

  // Roles: add Supervisor.
  await page.getByRole('button', { name: 'I have noted it for handover' }).click();
  await page.getByRole('checkbox', { name: /^Supervisor/ }).check();
  await page.getByRole('button', { name: 'Save roles' }).click();
  dialog = page.getByTestId('reason-dialog');
  await expect(dialog).toContainText('From Operator to Operator, Supervisor');
  await dialog.getByLabel(/Reason/).fill('Promoted to shift supervisor');
  await dialog.getByRole('button', { name: 'Save roles' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Save roles: done' })).toBeVisible();
  await page.getByRole('link', { name: '← All accounts' }).click();
  await expect(page.locator('tr[data-username="new.nora"]')).toContainText('Operator, Supervisor');
});
