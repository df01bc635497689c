// QA's review by exception of the demo's PCM-2026-0002 (in review, three exceptions open), then
// its release by the qualified person with a signature and its PDF; and that an operator has no
// review at all. Serial: the release needs the dispositions before it.
import { expect, test } from '@playwright/test';
import { Api, expectAccessible, mainUrl, PASSWORD, screenshot, signIn } from './support';
import { disposition, dispositionForms, downloadRecordPdf, openReview, release, signDisposition } from './review-flow';

const BATCH = 'PCM-2026-0002';
test.describe.configure({ mode: 'serial' });

test('an operator has no review: no menu item, the screen refuses, no release button', async ({ page }) => {
  const qa = await Api.as('qa.david');
  const { items } = await qa.get('/api/v1/batches?status=in_review');
  const id = items.find((b: { number: string }) => b.number === BATCH).id;

  await signIn(page, 'op.anna');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' })).toHaveCount(0);
  for (const path of ['/review', `/review/${id}`]) {
    await page.goto(mainUrl() + path);
    await expect(page.getByRole('alert')).toContainText('Your role does not include this screen');
    await expect(page.getByRole('button', { name: /Release/ })).toHaveCount(0);
  }
  await screenshot(page, 'review-not-permitted');
});

test('QA reviews by exception: the exceptions first with their context, each dispositioned, the full record', async ({ page, browser }) => {
  await signIn(page, 'qa.david');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
  const row = page.getByTestId('review-row').filter({ hasText: BATCH });
  await expect(row).toContainText('Paracetamol 500 mg film-coated tablets');
  await expect(row.locator('.rv-open-count')).toHaveText('3');
  await expectAccessible(page, 'the review queue');
  await screenshot(page, 'review-list');

  // Two other tablets follow the review live: the queue (another QA reviewer's) and the batch's
  // review (the QP's, who cannot release yet and is told why).
  const viewport = { width: 1024, height: 768 };
  const [qa2, qp] = await Promise.all([browser.newContext({ viewport }), browser.newContext({ viewport })]);
  const queue = await qa2.newPage();
  await signIn(queue, 'qa.david');
  await queue.goto(page.url());
  await expect(queue.getByTestId('review-row').filter({ hasText: BATCH }).locator('.rv-open-count')).toHaveText('3');
  const qpReview = await qp.newPage();
  await signIn(qpReview, 'qp.eva');
  await openReview(qpReview, BATCH);
  await expect(qpReview.getByRole('button', { name: 'Cannot release yet' })).toBeDisabled();
  await expect(qpReview.getByTestId('release-blockers')).toContainText('3 exception(s) have no disposition');

  await openReview(page, BATCH);
  const headings = await page.locator('main h2').allTextContents();
  expect(headings[0]).toMatch(/^Exceptions/);
  await expect(page.getByRole('heading', { level: 2, name: /^Exceptions/ })).toContainText('3 open of 13');
  const cards = page.getByTestId('exception');
  await expect(cards.nth(0)).toContainText('Alarm excursion');
  await expect(cards.nth(0)).toContainText('Tablet weight, mean of 10');
  for (const t of ['Limits 570 – 630 mg', 'Alarm 582 – 618 mg', '624 mg', 'Anna Keller', 'Ben Okafor']) await expect(cards.nth(0)).toContainText(t);
  await expect(cards.nth(1)).toContainText('Correction history');
  await expect(cards.nth(1).locator('del')).toHaveText('1.5 %');
  await expect(cards.nth(1).locator('ins')).toHaveText('1.42 %');
  await expect(cards.nth(1)).toContainText('Transcription error: the balance printout reads 1.42 %');
  await expect(cards.nth(2)).toContainText('Flagged for review');
  await expect(cards.nth(2)).toContainText('Two tablets with a small edge chip');
  // QA cannot release; the panel says what blocks it.
  await expect(page.getByTestId('release-blockers')).toContainText('3 exception(s) have no disposition');
  await expect(page.getByRole('button', { name: /Release batch/ })).toHaveCount(0);
  await expectAccessible(page, 'the review of a batch');
  await screenshot(page, 'review-exceptions');

  // Refusals keep what was typed: a missing deviation reference (checked here), a comment the
  // server refuses, and a reload of the page.
  const form = dispositionForms(page).first();
  await form.getByRole('radio', { name: /Escalate/ }).check();
  await form.getByLabel('Comment (required)').fill('Alarm excursion, inside the limits');
  await form.getByRole('button', { name: 'Record escalation' }).click();
  await expect(form.getByRole('alert')).toContainText('Give the reference of the deviation');
  await expect(form.getByLabel('Deviation reference (required)')).toBeFocused();
  await form.getByRole('radio', { name: /Accept/ }).check();
  const tooLong = 'x'.repeat(4001);
  await form.getByLabel('Comment (required)').fill(tooLong);
  await form.getByRole('button', { name: 'Record acceptance' }).click();
  await signDisposition(page);
  await expect(form.getByRole('alert')).toContainText('at most 4000 bytes');
  await expect(form.getByLabel('Comment (required)')).toHaveValue(tooLong);
  await page.reload();
  await expect(dispositionForms(page).first().getByLabel('Comment (required)')).toHaveValue(tooLong);

  await disposition(page, { comment: 'Mean 624 mg is inside the limits 570–630 mg; the press was adjusted at the next check' });
  await expect(page.getByTestId('disposition-recorded')).toHaveText('Disposition recorded: Alarm excursion on “Tablet weight, mean of 10”.');
  await expect(page.getByRole('heading', { name: /Correction · Loss on drying/ })).toBeFocused();
  await disposition(page, { comment: 'Correction matches the balance printout attached to the record' });
  await disposition(page, { outcome: 'escalated', comment: 'Edge chips on coated tablets: to be investigated', deviationRef: 'DEV-2026-00042' });
  await expect(page.getByTestId('no-open-exceptions')).toHaveText('Every exception has a disposition.');
  await expect(page.getByRole('heading', { name: 'Release', exact: true })).toBeFocused();
  await expect(page.getByTestId('release-panel')).toContainText('nothing blocks release');
  await expect(queue.getByTestId('review-row').filter({ hasText: BATCH }).locator('.rv-open-count')).toHaveText('0');
  await expect(qpReview.getByRole('button', { name: `Release batch ${BATCH}` })).toBeEnabled();
  await expect(qpReview.getByTestId('release-panel')).toContainText('Escalated to the deviation DEV-2026-00042');
  await Promise.all([qa2.close(), qp.close()]);

  await screenshot(page, 'review-dispositioned');
  const dispositioned = page.getByText(/^Dispositioned exceptions/);
  await dispositioned.click();
  const escalated = page.getByTestId('exception').filter({ hasText: 'Escalated to deviation DEV-2026-00042' });
  await expect(escalated).toHaveCount(1);
  await expect(escalated.getByTestId('disposition-signature')).toContainText('Reviewed by David Nowak');
  await dispositioned.click();

  // The full record on demand, collapsed by unit procedure.
  await page.getByRole('button', { name: 'Show the full record' }).click();
  const record = page.getByTestId('record');
  await expect(record).toContainText('SHA-256');
  await expect(record.locator('details.rv-unit')).toHaveCount(9);
  await expect(record.getByTestId('record-step').first()).toBeHidden();
  await record.getByText('Fluid-bed drying').click();
  const lod = record.getByTestId('record-step').filter({ hasText: 'Loss on drying' }).filter({ hasText: 'Correction history' });
  await expect(lod).toContainText('1.42 %');
  await expect(lod).toContainText('Correction · accepted');
  await expectAccessible(page, 'the full batch record');
  await screenshot(page, 'review-record');
  await page.getByRole('button', { name: 'Expand all' }).click();
  await expect(record.locator('details.rv-unit[open]')).toHaveCount(9);
  await expect(record.getByTestId('record-step').filter({ hasText: 'Production review of the batch record' })).toBeVisible();
  await page.getByRole('button', { name: 'Collapse all' }).click();
  await expect(record.locator('details.rv-unit[open]')).toHaveCount(0);
});

test('the QP releases with a signature and downloads the PDF', async ({ page }) => {
  await signIn(page, 'qp.eva');
  await openReview(page, BATCH);
  await expect(page.getByRole('button', { name: `Release batch ${BATCH}` })).toBeEnabled();
  await screenshot(page, 'review-release-ready');

  // A wrong password: the dialog stays with the server's reason, nothing released.
  await page.getByRole('button', { name: `Release batch ${BATCH}` }).click();
  const dialog = page.getByTestId('signature-dialog');
  await expect(dialog.getByTestId('sig-name')).toHaveText('Eva Lindqvist');
  await expect(dialog).toContainText('13 exceptions, all dispositioned; escalated to DEV-2026-00042');
  await dialog.getByLabel('Password').fill('not-the-password');
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await expect(dialog.getByRole('alert')).toContainText('the signature was not applied');
  await screenshot(page, 'review-release-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // Rejecting needs a reason: refused before anything is sent.
  await page.getByRole('button', { name: 'Reject batch…' }).click();
  await expect(dialog.getByTestId('sig-meaning')).toContainText('Rejected');
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Reason for rejection is required');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await release(page, BATCH);
  await expect(page.getByTestId('release-panel')).toContainText('Eva Lindqvist');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Released');
  await expect(page.getByRole('button', { name: /Release batch|Reject batch/ })).toHaveCount(0);
  await screenshot(page, 'review-released');

  const pdf = await downloadRecordPdf(page, BATCH);
  expect(pdf.text).toContain('Eva Lindqvist');

  await page.getByRole('button', { name: 'All batches in review' }).click();
  await expect(page.getByTestId('review-row').filter({ hasText: BATCH })).toHaveCount(0);
});
