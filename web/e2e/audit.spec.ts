// The audit trail viewer against the real server, as the auditor audit.hugo: the chain verified,
// pages of entries, filters (form, chips, "same …" shortcuts, time range), a signature checked,
// and the CSV export of the current filter.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { screenshot, signIn } from './support';

// Full-page screenshot from the top (the sticky header would otherwise sit mid-page).
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

const CSV_HEADER = 'seq,at,actor_id,actor_name,session_id,client_address,action,record_type,record_id,changes,reason,prev_hash,hash';

test('an auditor verifies the chain, pages, filters and exports the trail', async ({ page }) => {
  await signIn(page, 'audit.hugo');
  await page.getByRole('link', { name: 'Audit trail' }).click();

  const chain = page.getByTestId('chain-status');
  await expect(chain).toContainText('Audit trail intact');
  await expect(chain).toContainText('signed checkpoints');
  await expect(chain).toContainText(/Verified at \d\d:\d\d:\d\d/);
  const entries = page.getByTestId('audit-entry');
  await expect(entries).toHaveCount(50);
  await shot(page, 'audit-trail');

  // Paging: the next page continues below the first; back again.
  const newest = Number(await entries.first().getAttribute('data-seq'));
  const lastOnFirst = Number(await entries.last().getAttribute('data-seq'));
  await page.getByRole('button', { name: 'Next page' }).click();
  await expect(page.getByTestId('page-info')).toContainText('page 2');
  expect(Number(await entries.first().getAttribute('data-seq'))).toBeLessThan(lastOnFirst);
  await page.getByRole('button', { name: 'Previous page' }).click();
  await expect(page.getByTestId('page-info')).toContainText('page 1');
  expect(Number(await entries.first().getAttribute('data-seq'))).toBeGreaterThanOrEqual(newest);

  // Filter by action through the form; every entry shown is one.
  await page.getByLabel('Action').fill('signature.applied');
  await page.getByRole('button', { name: 'Apply filter' }).click();
  await expect(page).toHaveURL(/action=signature\.applied/);
  await expect(page.getByRole('list', { name: 'Filters in force' })).toContainText('Action: signature.applied');
  await expect(entries.first().locator('.entry-action')).toHaveText('signature.applied');
  const actions = await entries.locator('.entry-action').allTextContents();
  expect(new Set(actions)).toEqual(new Set(['signature.applied']));

  // Export exactly this filter.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV (this filter)' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d\d-\d\d-\d{4}Z\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean);
  expect(lines[0]).toBe(CSV_HEADER);
  expect(lines.length).toBeGreaterThan(50);
  expect(lines.slice(1).every((l) => l.includes(',signature.applied,'))).toBe(true);

  // "Same record" narrows to the signed record's history; the chip removes the action filter.
  await entries.first().getByRole('button', { name: 'Same record' }).click();
  await expect(page).toHaveURL(/record_id=/);
  await page.getByRole('button', { name: 'Remove filter Action: signature.applied' }).click();
  await expect(page).not.toHaveURL(/action=/);
  await expect(page.getByLabel('Action')).toHaveValue(''); // the form follows the address
  const recordId = new URL(page.url()).searchParams.get('record_id')!;
  await expect(entries.first().getByTestId('entry-record')).toContainText(recordId);
  const records = await entries.getByTestId('entry-record').allTextContents();
  expect(records.every((r) => r.includes(recordId))).toBe(true);

  // The signature, checked against its record.
  const signed = entries.filter({ has: page.locator('.entry-action', { hasText: /^signature\.applied$/ }) }).first();
  await signed.getByRole('button', { name: 'Check signature' }).click();
  await expect(signed.getByRole('status')).toContainText('Valid');
  await shot(page, 'audit-record-history');

  // A time range in the future holds nothing; removing it brings the record back.
  await page.getByLabel('From (your time)').fill('2099-01-01T00:00');
  await page.getByRole('button', { name: 'Apply filter' }).click();
  await expect(page.getByText('No entries match this filter.')).toBeVisible();
  await page.getByRole('button', { name: /Remove filter From/ }).click();
  await expect(entries.first()).toBeVisible();

  // Old and new values of a change with a reason.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(page.getByLabel('Record id')).toHaveValue('');
  await page.getByLabel('Action').fill('material.lot_released');
  await page.getByRole('button', { name: 'Apply filter' }).click();
  const released = entries.first();
  await expect(released.locator('.entry-reason')).not.toBeEmpty();
  const row = released.locator('table.diff tbody tr', { hasText: 'status' });
  await expect(row.locator('td').nth(0)).toHaveText('quarantine');
  await expect(row.locator('td').nth(1)).toHaveText('released');
  await shot(page, 'audit-change');
});
