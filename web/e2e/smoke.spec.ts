import { expect, test } from '@playwright/test';
import { screenshot, signIn } from './support';

test('sign in shows the server time, the name and the role', async ({ page }) => {
  await signIn(page, 'op.anna');
  await expect(page.getByTestId('who')).toContainText('Anna Keller');
  await expect(page.getByTestId('who')).toContainText('Operator');
  await expect(page.getByTestId('server-time')).toHaveText(/\d\d:\d\d:\d\d/);
  await screenshot(page, 'home');
});
