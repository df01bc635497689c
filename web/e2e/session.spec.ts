// Sessions as a user meets them: a wrong password says so, a password an administrator set must
// be changed at the first sign-in, and an idle session warns, then ends, on the server's word.
// These run against the "short" server, whose inactivity limit is one minute.
import { expect, test } from '@playwright/test';
import { Api, screenshot, shortUrl, signature, signIn } from './support';

test('a wrong password is refused with a message and the user name stays typed', async ({ page }) => {
  await page.goto(shortUrl() + '/');
  await page.getByLabel('User name').fill('qa.david');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByLabel('User name')).toHaveValue('qa.david');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await screenshot(page, 'login-refused');
});

test('a password set by an administrator is changed at the first sign-in', async ({ page }) => {
  const admin = await Api.as('admin.gina', shortUrl());
  const created = await admin.post('/api/v1/users', {
    username: 'op.new',
    printed_name: 'Nora Weber',
    roles: ['operator'],
    identity_evidence: 'Passport checked in person',
    signature: { ...signature('admin.gina'), meaning: 'approved' },
  });
  const temporary: string = created.temporary_password;
  expect(temporary).toBeTruthy();

  await page.goto(shortUrl() + '/');
  await page.getByLabel('User name').fill('op.new');
  await page.getByLabel('Password').fill(temporary);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Change your password' })).toBeVisible();
  await screenshot(page, 'password-forced');

  // A mismatch is caught before anything is sent, and nothing typed is lost.
  await page.getByLabel('Current password').fill(temporary);
  await page.getByLabel('New password', { exact: true }).fill('tablet-line-3-safe-words');
  await page.getByLabel('New password again').fill('tablet-line-3-safe-word');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert')).toContainText('differ');
  await expect(page.getByLabel('Current password')).toHaveValue(temporary);

  await page.getByLabel('New password again').fill('tablet-line-3-safe-words');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByTestId('who')).toContainText('Nora Weber');
});

test('an idle session warns with a count-down, then ends and says why', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, 'qa.david', shortUrl());
  // The limit is one minute: the warning shows in the last half of it.
  await expect(page.getByTestId('idle-warning')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('idle-warning')).toContainText('signed out for inactivity');
  await screenshot(page, 'session-idle-warning');
  // "Stay signed in" is activity: the warning goes away.
  await page.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(page.getByTestId('idle-warning')).toBeHidden();
  // Then nothing more: the server ends the session and the app returns to sign-in, saying why.
  await expect(page.getByRole('heading', { name: 'Gemba' })).toBeVisible({ timeout: 100_000 });
  await expect(page.getByText('Your session expired after inactivity')).toBeVisible();
  await screenshot(page, 'session-expired');
});
