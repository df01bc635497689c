// Review by exception and release through the screens, as steps a spec can use on any completed
// batch: QA (qa.david) dispositions every open exception, the qualified person (qp.eva) releases
// with a signature and downloads the record's PDF. reviewAndRelease() does all of it, for the end
// of a spec that made a batch on the floor.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PASSWORD, signIn } from './support';

// From anywhere in the app: the Review item, then the batch's row in the queue.
export async function openReview(page: Page, batchNumber: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
  await page.getByTestId('review-queue').getByRole('link', { name: batchNumber, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Review ${batchNumber}`);
  await expect(page.getByRole('heading', { level: 2, name: /^Exceptions/ })).toBeVisible();
}

export function dispositionForms(page: Page) {
  return page.getByRole('form', { name: /^Disposition of/ });
}

// Records one disposition in the first open exception's form.
export async function disposition(
  page: Page,
  d: { outcome?: 'accepted' | 'escalated'; comment: string; deviationRef?: string },
): Promise<void> {
  const forms = dispositionForms(page);
  const before = await forms.count();
  const form = forms.first();
  if (d.outcome === 'escalated') {
    await form.getByRole('radio', { name: /Escalate/ }).check();
    await form.getByLabel('Deviation reference (required)').fill(d.deviationRef ?? '');
  } else {
    await form.getByRole('radio', { name: /Accept/ }).check();
  }
  await form.getByLabel('Comment (required)').fill(d.comment);
  await form.getByRole('button', { name: /^Record (acceptance|escalation)$/ }).click();
  await signDisposition(page);
  await expect(forms).toHaveCount(before - 1);
}

// Signs the disposition dialog as the signed-in reviewer: the manifestation names the meaning
// before the password is typed.
export async function signDisposition(page: Page): Promise<void> {
  const dialog = page.getByTestId('signature-dialog');
  await expect(dialog.getByTestId('sig-meaning')).toContainText('Reviewed');
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await expect(dialog).toBeHidden();
}

// Accepts every open exception with the comment; returns how many there were.
export async function dispositionAll(page: Page, comment: string): Promise<number> {
  const n = await dispositionForms(page).count();
  for (let i = 0; i < n; i++) await disposition(page, { comment });
  await expect(page.getByTestId('no-open-exceptions')).toBeVisible();
  return n;
}

// Releases the open batch, signing "released" as the signed-in user.
export async function release(page: Page, batchNumber: string, password = PASSWORD): Promise<void> {
  await page.getByRole('button', { name: `Release batch ${batchNumber}` }).click();
  const dialog = page.getByTestId('signature-dialog');
  await expect(dialog.getByTestId('sig-meaning')).toContainText('Released');
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('release-panel')).toContainText(`Batch ${batchNumber} is released`);
}

// Downloads the record's PDF from the open review; checks it is a PDF that names the batch and
// returns where it was saved and its text.
export async function downloadRecordPdf(page: Page, batchNumber: string): Promise<{ path: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download record (PDF)' }).click()]);
  expect(file.suggestedFilename()).toBe(`${batchNumber}-record.pdf`);
  const path = test.info().outputPath(file.suggestedFilename());
  await file.saveAs(path);
  expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  expect(text).toContain(batchNumber);
  return { path, text };
}

// QA reviews the completed batch by exception (accepting each), the QP releases it with a
// signature and downloads the PDF, each in their own browser context.
export async function reviewAndRelease(browser: Browser, batchNumber: string): Promise<{ path: string; text: string }> {
  const options = { viewport: { width: 1024, height: 768 }, acceptDownloads: true };
  const qa = await browser.newContext(options);
  try {
    const page = await qa.newPage();
    await signIn(page, 'qa.david');
    await openReview(page, batchNumber);
    await dispositionAll(page, 'Reviewed against the master batch record: no impact on product quality');
  } finally {
    await qa.close();
  }
  const qp = await browser.newContext(options);
  try {
    const page = await qp.newPage();
    await signIn(page, 'qp.eva');
    await openReview(page, batchNumber);
    await release(page, batchNumber);
    return await downloadRecordPdf(page, batchNumber);
  } finally {
    await qp.close();
  }
}
