// Materials through their screens on the real server: the supervisor receives a lot of
// paracetamol by scanning the supplier's GS1 label (a keyboard-wedge burst anywhere on the page)
// and sees it in quarantine; QC (the qualified person, on another tablet) releases it with a
// signature and previews a container's label; a batch of the demo recipe weighs from it (as
// fixtures through the API: the batch, its scales and room, and the weighing); its genealogy
// traced forward from the raw lot reaches the batch, and backward from the demo's released
// batch's output lot reaches the raw lots, each with the way to a chosen node highlighted; the
// CSV export has its header row. The scan test page lists a code's GS1 elements, and says why
// another cannot be read.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Api, expectAccessible, mainUrl, PASSWORD, screenshot as fullPage, signature, signIn } from './support';

// A supplier lot of our own for this run (GS1 AI 10: up to 20 characters).
const supplierLot = `E2E-${Date.now().toString(36).toUpperCase()}`;
// The demo's paracetamol GTIN, expiry 30 Nov 2028, 25.000 kg net.
const label = `(01)09506000134352(17)281130(10)${supplierLot}(3103)025000`;
const lot = { id: '', number: '', container: '' };
const batch = { id: '', number: '' };

async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPage(page, name);
}

// A keyboard-wedge scanner: the characters as fast as the browser takes them, then Enter.
async function scan(page: Page, text: string): Promise<void> {
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
}

// A batch of the demo recipe whose first dispense step (paracetamol) is Ready: created and
// started by the supervisor, its two scales registered in a room of their own, cleaned and
// verified, the room cleared for it, and the steps before the weighing recorded.
async function batchReadyToDispense(): Promise<void> {
  const sup = await Api.as('sup.carla');
  const anna = await Api.as('op.anna');
  const recipes = await sup.get('/api/v1/recipes');
  const recipe = recipes.items.find((r: any) => r.product_code === 'PCM500-FCT');
  const b = await sup.post('/api/v1/batches', { recipe_id: recipe.id, batch_size: { value: 100, unit: 'kg' } }, [201]);
  await sup.post(`/api/v1/batches/${b.id}/start`, {});
  batch.id = b.id;
  batch.number = b.number;
  const tail = b.id.slice(-12);
  const room = `MAT-${tail}`;
  await sup.post('/api/v1/rooms', { area: 'GRANULATION', code: room, name: `Materials E2E ${tail}`, grade: 'D' }, [201]);
  const scales = new Map<string, string>();
  for (const [key, cls] of [
    ['bind_floor_scale', 'FLOOR-SCALE'],
    ['bind_bench_scale', 'BENCH-SCALE'],
  ]) {
    const code = `M${cls[0]}-${tail.slice(-6)}`;
    await sup.post('/api/v1/equipment', { code, name: `Materials E2E ${cls}`, class: cls, room }, [201]);
    const cleaning = await anna.post(
      '/api/v1/logbooks/cleaning/entries',
      { equipment: code, fields: { level: 'major', procedure: 'SOP-CLN-0042' }, signature: signature('op.anna') },
      [201],
    );
    await anna.post(`/api/v1/logbooks/cleaning/entries/${cleaning.id}/verify`, { signature: signature('op.ben') });
    scales.set(key, code);
  }
  const clearance = await anna.post(
    '/api/v1/logbooks/clearance/entries',
    {
      room,
      batch: b.id,
      fields: { previous_product_removed: true, previous_documents_removed: true, equipment_clean_status_checked: true, waste_removed: true, labels_removed: true },
      signature: signature('op.anna'),
    },
    [201],
  );
  await anna.post(`/api/v1/logbooks/clearance/entries/${clearance.id}/verify`, { signature: signature('op.ben') });
  const path = `/api/v1/batches/${b.id}`;
  for (let i = 0; i < 10; i++) {
    const steps = await anna.get(`${path}/steps`);
    const run = steps.steps.find((r: any) => r.run_id === steps.ready[0]);
    if (run.type === 'dispense') {
      expect(run.key).toBe('dispense_paracetamol');
      return;
    }
    const body = run.type === 'equipment_use' ? { value: scales.get(run.key), source: 'scanned' } : { value: true };
    await anna.post(`${path}/steps/${run.key}/complete`, body);
    const after = await anna.get(`${path}/steps`);
    if (after.steps.find((r: any) => r.run_id === run.run_id).state !== 'done') {
      await anna.post(`${path}/steps/${run.key}/verify`, { signature: signature('op.ben') });
    }
  }
  throw new Error('the paracetamol dispense step never became Ready');
}

test.describe.serial('materials', () => {
  test('the supervisor receives a lot by scanning the supplier label; it is in quarantine', async ({ page }) => {
    await signIn(page, 'sup.carla');
    await page.goto(`${mainUrl()}/materials/receive`);
    await expect(page.getByRole('heading', { level: 1, name: 'Receive a lot' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Receipt' });
    await expect(form.getByRole('combobox', { name: /^Item/ })).toContainText('RM-0101');
    await expectAccessible(page, 'the receipt');

    // The wedge scanner types into the scan field (a burst anywhere else on the page counts too, when
    // it comes fast enough; on a loaded test machine the field is what makes it certain).
    const scanField = page.getByLabel('Scan or paste the label');
    await scanField.focus();
    await scan(page, label);
    await expect(page.getByTestId('scan-note')).toContainText(`item RM-0101, supplier lot ${supplierLot}, expiry 30 Nov 2028, a container of 25 kg`);
    await expect(form.getByRole('combobox', { name: /^Item/ })).toHaveValue('RM-0101');
    await expect(form.getByLabel('Supplier lot')).toHaveValue(supplierLot);
    await expect(form.getByLabel('Expiry date')).toHaveValue('2028-11-30');
    await expect(form.getByLabel('Container 1 quantity (kg)')).toHaveValue('25');
    // The second container's label adds a container; Enter in a field never sends the receipt.
    await form.getByLabel('Supplier', { exact: true }).fill('Granules India Ltd');
    await form.getByLabel('Supplier', { exact: true }).press('Enter');
    await scanField.focus();
    await scan(page, label);
    await expect(form.getByLabel('Container 2 quantity (kg)')).toHaveValue('25');
    await expect(page).toHaveURL(/\/materials\/receive$/);
    await form.getByLabel('Assay (%)').fill('99.5');
    await screenshot(page, 'materials-receive');

    await form.getByRole('button', { name: 'Receive into quarantine' }).click();
    const heading = page.getByRole('heading', { level: 1, name: /^Lot L-\d{4}-\d{5}$/ });
    await expect(heading).toBeVisible();
    lot.number = (await heading.textContent())!.replace('Lot ', '');
    await expect(page.locator('.mat-lot-state')).toContainText('Quarantine');
    await expect(page.getByTestId('lot-quantity')).toContainText('50 kg');
    const api = await Api.as('sup.carla');
    const received = await api.get(`/api/v1/lots/${lot.number}`);
    lot.id = received.id;
    lot.container = received.containers[0].id;
    expect(received.supplier_lot).toBe(supplierLot);
    expect(received.assay_percent).toBe(99.5);

    // The lots list: status in words, filtered to quarantine.
    await page.getByRole('navigation', { name: 'Materials' }).getByRole('link', { name: 'Lots' }).click();
    await page.getByLabel('Status').selectOption('quarantine');
    await expect(page).toHaveURL(/status=quarantine/);
    const row = page.locator(`tr[data-lot="${lot.number}"]`);
    await expect(row).toContainText('Quarantine');
    await expect(row).toContainText('Expires on 30 Nov 2028');
    await expect(page.locator('tr[data-lot]').filter({ hasText: 'Released' })).toHaveCount(0);
    await expectAccessible(page, 'the lots');
    await screenshot(page, 'materials-lots');
  });

  test('QC releases it with a signature on another tablet, and previews a label', async ({ browser, page: supervisor }) => {
    // The supervisor keeps the lot open on her tablet: the release reaches it live.
    await signIn(supervisor, 'sup.carla');
    await supervisor.goto(`${mainUrl()}/materials/lots/${lot.number}`);
    await expect(supervisor.locator('.mat-lot-state')).toContainText('Quarantine');
    const qc = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    try {
      const page = await qc.newPage();
      await signIn(page, 'qp.eva');
      await page.goto(`${mainUrl()}/materials/lots/${lot.number}`);
      await expect(page.getByRole('heading', { level: 1, name: `Lot ${lot.number}` })).toBeVisible();
      await expect(page.locator('.mat-lot-state')).toContainText('Quarantine');
      await expect(page.getByText('No QC decision is recorded yet')).toBeVisible();

      await page.getByRole('button', { name: 'Release lot…' }).click();
      const dialog = page.getByTestId('signature-dialog');
      await expect(dialog.getByTestId('sig-meaning')).toContainText('Released');
      await expect(dialog.getByTestId('sig-name')).toContainText('Eva Lindqvist');
      await dialog.getByLabel('Password').fill(PASSWORD);
      await dialog.getByRole('button', { name: 'Sign' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.locator('.mat-lot-state')).toContainText('Released');
      await expect(page.getByRole('status').filter({ hasText: `Lot ${lot.number} is now released.` })).toBeVisible();
      await expect(page.locator('.mat-history')).toContainText('Quarantine → Released');
      await expect(page.locator('.mat-history')).toContainText('Eva Lindqvist');
      await expect(supervisor.locator('.mat-lot-state')).toContainText('Released');
      await expect(supervisor.locator('.mat-history')).toContainText('Quarantine → Released');
      // Released: reject and block remain.
      await expect(page.getByRole('button', { name: 'Release lot…' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Block lot…' })).toBeVisible();
      await expectAccessible(page, 'a released lot');
      await screenshot(page, 'materials-lot');

      // The container's PDF label, fetched with the token, previewed in a frame.
      await page.getByRole('button', { name: `Label of container ${lot.container}` }).click();
      const preview = page.getByTestId('label-preview');
      const frame = preview.locator(`iframe[title="PDF label of container ${lot.container}"]`);
      await expect(frame).toHaveAttribute('src', /^blob:/);
      expect(Number(await frame.getAttribute('data-bytes'))).toBeGreaterThan(500);
      await expect(preview.getByRole('link', { name: 'Download' })).toHaveAttribute('download', `${lot.container}-label.pdf`);
      await expect(preview.getByRole('button', { name: 'Print' })).toBeEnabled();
      await expect(preview.getByRole('button', { name: 'Open in a new tab' })).toBeVisible();
      // The frame shows the PDF where the page's security policy allows blob: frames; else the
      // dialog says so (the label opens in a tab of its own).
      await expect(frame.or(preview.getByTestId('label-blocked')).first()).toBeVisible();
      await screenshot(page, 'materials-label');
      await preview.getByRole('button', { name: 'Close' }).click();
      await expect(preview).toBeHidden();
    } finally {
      await qc.close();
    }
  });

  test('a batch weighs from it: the genealogy forward from the raw lot reaches the batch', async ({ page }) => {
    await batchReadyToDispense();
    const anna = await Api.as('op.anna');
    const weighed = await anna.post(`/api/v1/batches/${batch.id}/steps/dispense_paracetamol/dispense`, {
      container: `(91)${lot.container}(10)${lot.number}`,
      tare: 0.5,
      gross: 20.5,
      unit: 'kg',
    });
    expect(weighed.portion.lot_number).toBe(lot.number);

    await signIn(page, 'sup.carla');
    await page.goto(`${mainUrl()}/materials/lots/${lot.number}/movements`);
    await expect(page.locator('tr[data-kind="dispense"]')).toContainText('20 kg');
    await page.getByRole('navigation', { name: `Lot ${lot.number}` }).getByRole('link', { name: 'Genealogy' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Genealogy of lot ${lot.number}` })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Forward →' })).toHaveAttribute('aria-pressed', 'true');
    const node = page.getByRole('button', { name: new RegExp(`^Batch ${batch.number}, PCM500-FCT`) });
    await expect(node).toBeVisible();
    // Chosen by keyboard: the way from the lot to the batch lights up; the panel links the batch.
    await node.focus();
    await page.keyboard.press('Enter');
    await expect(node).toHaveAttribute('aria-pressed', 'true');
    await expect(node).toHaveAttribute('data-on', 'true');
    await expect(page.locator(`[data-node="${lot.number}"]`)).toHaveAttribute('data-on', 'true');
    await expect(page.locator('.mat-edge.mat-on')).toHaveCount(1);
    await expect(page.locator('.mat-edge.mat-on')).toContainText('20 kg');
    const panel = page.getByTestId('node-panel');
    await expect(panel.getByTestId('node-way')).toContainText(`Lot ${lot.number}`);
    await expect(panel.getByTestId('node-way')).toContainText(`Batch ${batch.number}`);
    await expect(panel).toContainText('In progress');
    await expect(panel.getByRole('link', { name: `Open batch ${batch.number}` })).toHaveAttribute('href', `/batches/${batch.number}`);
    await expectAccessible(page, 'the genealogy forward');
    await screenshot(page, 'materials-genealogy');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`${lot.number}-forward.csv`);
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('parent_kind,parent_id,parent_label,child_kind,child_id,child_label,quantity,unit,depth');
    expect(lines.slice(1)).toEqual([`lot,${lot.id},${lot.number} (RM-0101),batch,${batch.id},${batch.number} (PCM500-FCT),20,kg,1`]);
  });

  test('the genealogy backward from the released demo batch’s output lot reaches its raw lots', async ({ page }) => {
    const api = await Api.as('qp.eva');
    const released = await api.get('/api/v1/batches/PCM-2026-0001');
    const outputs = await api.get(`/api/v1/lots?item=${released.product_code}`);
    const output = outputs.items.find((l: any) => l.produced_by_batch === released.id);
    expect(output, 'the released demo batch has an output lot').toBeTruthy();

    await signIn(page, 'qp.eva');
    await page.goto(`${mainUrl()}/materials/lots/${output.lot_number}`);
    await page.getByRole('navigation', { name: `Lot ${output.lot_number}` }).getByRole('link', { name: 'Genealogy' }).click();
    await expect(page.getByRole('button', { name: '← Backward' })).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('gen-summary')).toContainText('1 batch');
    const raw = page.getByRole('button', { name: /^Lot L-2026-00001, RM-0101/ });
    await raw.click();
    await expect(raw).toHaveAttribute('data-on', 'true');
    await expect(page.locator(`[data-kind="batch"][data-node="PCM-2026-0001"]`)).toHaveAttribute('data-on', 'true');
    // Another raw lot is not on the way to this one.
    await expect(page.getByRole('button', { name: /^Lot L-2026-00004, RM-0215/ })).not.toHaveAttribute('data-on', 'true');
    await expect(page.locator('.mat-edge.mat-on')).toHaveCount(2);
    await expect(page.getByTestId('node-way')).toContainText('Batch PCM-2026-0001');
    await screenshot(page, 'materials-genealogy-backward');
    // And back to forward, from the toggle.
    await page.getByRole('button', { name: 'Forward →' }).click();
    await expect(page).toHaveURL(/direction=forward/);
    await expect(page.getByTestId('gen-summary')).toContainText('1 lot and 0 batches');
  });

  test('the scan test lists a code’s GS1 elements, and says why another cannot be read', async ({ page }) => {
    await signIn(page, 'op.anna');
    await page.goto(`${mainUrl()}/materials/scan`);
    await expect(page.getByRole('heading', { level: 1, name: 'Scan test' })).toBeVisible();
    // The element string as a scanner sends it, the FNC1 typed as "|".
    await page.getByLabel('Code to read').fill(`01095060001343521728113010${supplierLot}|3103025000`);
    await page.getByLabel('Code to read').press('Enter');
    const table = page.getByTestId('scan-elements');
    await expect(table.locator('tr[data-ai="01"]')).toContainText('GTIN (trade item)');
    await expect(table.locator('tr[data-ai="17"]')).toContainText('30 Nov 2028');
    await expect(table.locator('tr[data-ai="10"]')).toContainText(supplierLot);
    await expect(table.locator('tr[data-ai="3103"]')).toContainText('25.000 kg');
    await expect(page.getByTestId('scan-resolves')).toContainText('RM-0101');
    await expect(page.getByTestId('scan-resolves')).toContainText(lot.number);
    await expectAccessible(page, 'the scan test');
    await screenshot(page, 'materials-scan');

    // A month that is not one: the server's reason, the code kept to correct.
    await page.getByLabel('Code to read').fill('(01)09506000134352(17)281330');
    await page.getByRole('button', { name: 'Read', exact: true }).click();
    await expect(page.getByTestId('scan-error').getByRole('alert')).toContainText('AI 17: month 13 is not a month');
    await expect(page.getByLabel('Code to read')).toHaveValue('(01)09506000134352(17)281330');
  });
});
