// The frame every screen shares: the header names the user, the role and the server's time, and
// meets WCAG 2 AA on the login screen and home.
import { expect, test } from '@playwright/test';
import { expectAccessible, mainUrl, screenshot, signIn } from './support';

test('the login screen is accessible', async ({ page }) => {
  await page.goto(mainUrl() + '/');
  await expect(page.getByLabel('User name')).toBeVisible();
  await expectAccessible(page, 'login');
  await screenshot(page, 'login');
});

test('sign in shows the server time, the name and the role', async ({ page }) => {
  await signIn(page, 'op.anna');
  await expect(page.getByTestId('who')).toContainText('Anna Keller');
  await expect(page.getByTestId('who')).toContainText('Operator');
  await expect(page.getByTestId('server-time')).toHaveText(/\d\d:\d\d:\d\d/);
  await expectAccessible(page, 'home');
});

test('a page of the app opened directly, before signing in, opens after sign-in', async ({ page }) => {
  await page.goto(mainUrl() + '/batches');
  await page.getByLabel('User name').fill('sup.carla');
  await page.getByLabel('Password').fill('gemba-demo-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('who')).toContainText('Carla Reyes');
  expect(new URL(page.url()).pathname).toBe('/batches');
});
