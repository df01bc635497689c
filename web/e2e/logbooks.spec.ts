// The logbooks and the equipment board on the real server: the supervisor watches the board while
// an operator on another tablet records the cleaning of the demo plant's dirty granulator (a
// server refusal shown at its field, nothing typed lost), the recorder cannot verify it himself,
// a second person verifies it and the tile turns clean without a reload; the entry is corrected
// (revision diff); the board as it was before the cleaning, marked not live; and an operator who
// scans a dirty floor scale in a batch sees the interlock's reason.
//
// Fixtures through the API: a batch of the demo recipe started by the supervisor, its first steps
// done, and a new floor scale (dirty until first cleaned) in a room cleared for that batch.
import { expect, test, type Page } from '@playwright/test';
import { Api, clearRoom, expectAccessible, mainUrl, PASSWORD, screenshot as fullPage, signature, signIn } from './support';

const GRANULATOR = 'HIGH-SHEAR-GRANULATOR-02'; // the demo's: dirty since its clean hold expired
const viewport = { width: 1024, height: 768 };

test.describe.configure({ mode: 'serial' });

let cleanedAt = ''; // when the cleaning was recorded (server time)
let boardPage: Page | null = null;
let operatorPage: Page | null = null;

test.afterAll(async () => {
  await boardPage?.context().close();
  await operatorPage?.context().close();
});

// A full-page screenshot from the top (a scrolled page draws its sticky header midway).
async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await fullPage(page, name);
}

const tile = (page: Page, code: string) => page.getByTestId(`tile-${code}`);

async function sign(page: Page, username?: string): Promise<void> {
  const dialog = page.getByTestId('signature-dialog');
  await expect(dialog).toBeVisible();
  if (username) await dialog.getByLabel('User name').fill(username);
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign' }).click();
}

// The two tablets, kept across the serial tests: the supervisor's board and the operator's.
let a: Page;
let b: Page;
let number = ''; // the cleaning entry

test('the board shows the dirty granulator; the operator opens it and records its cleaning from the template', async ({ browser }) => {
  test.setTimeout(180_000); // two sign-ins, two tablets and axe on four screens: slow on a shared machine
  a = await (await browser.newContext({ viewport })).newPage();
  boardPage = a;
  await signIn(a, 'sup.carla');
  await a.goto(`${mainUrl()}/equipment`);
  await expect(tile(a, GRANULATOR).getByTestId('headline')).toContainText('Dirty — clean hold expired');
  await expect(tile(a, GRANULATOR)).toContainText('only a major cleaning counts');
  await expect(a.getByTestId('live-note')).toBeVisible();
  await expectAccessible(a, 'the equipment board');
  await screenshot(a, 'equipment-board');

  // The operator's tablet: the granulator's page, then its cleaning from the template.
  b = await (await browser.newContext({ viewport })).newPage();
  operatorPage = b;
  await signIn(b, 'op.ben');
  await b.goto(`${mainUrl()}/equipment/${GRANULATOR}`);
  await expect(b.getByTestId('equipment-status')).toContainText('Dirty');
  await expect(b.getByRole('heading', { name: 'The entries that made it so' })).toBeVisible();
  await expect(b.getByTestId('entry-table').first()).toContainText('Cleaning');
  await expectAccessible(b, 'the equipment detail');
  await screenshot(b, 'equipment-detail');

  await b.getByRole('link', { name: 'Cleaning', exact: true }).click();
  await expect(b.getByRole('heading', { name: 'New entry: Cleaning' })).toBeVisible();
  await expect(b.getByLabel(/^Equipment code/)).toHaveValue(GRANULATOR);
  await b.getByRole('radio', { name: 'Major' }).click();
  const procedure = b.getByLabel('Cleaning procedure');
  await procedure.fill('SOP-X');
  await expect(b.getByTestId('field-procedure')).toContainText('Does not have the required form');
  await procedure.fill('SOP-CLN-0042');
  await b.getByLabel('Detergent lot (optional)').fill('DET-2611-07');
  await b.getByLabel(/^Final rinse water temperature/).fill('62.5');
  await expect(b.getByTestId('field-rinse_water_temperature').getByTestId('check')).toContainText('Within limits');
  // A code the server does not know: refused at its field, every value kept.
  await b.getByLabel(/^Equipment code/).fill('GRANULATOR-99');
  await expectAccessible(b, 'the new logbook entry');
  await screenshot(b, 'logbook-new-entry');
  await b.getByRole('button', { name: 'Sign and record' }).click();
  await expect(b.getByTestId('sig-meaning')).toContainText('Performed');
  await sign(b);
  await expect(b.getByRole('alert').filter({ hasText: 'no equipment GRANULATOR-99' })).toBeVisible();
  await expect(procedure).toHaveValue('SOP-CLN-0042');
  await expect(b.getByLabel(/^Final rinse water temperature/)).toHaveValue('62.5');
  await b.getByLabel(/^Equipment code/).fill(GRANULATOR);
  await b.getByRole('button', { name: 'Sign and record' }).click();
  await sign(b);
  await expect(b.getByText(/^Entry LB-\d{4}-\d+ recorded; a second person verifies it\./)).toBeVisible();
  number = decodeURIComponent(new URL(b.url()).pathname.split('/').pop()!);

  // Recorded, not yet verified: the board says cleaning, without a reload.
  await expect(tile(a, GRANULATOR).getByTestId('headline')).toContainText('Cleaning since', { timeout: 45_000 });
});

test('the recorder cannot verify his own cleaning; a second person does and the board turns clean without a reload', async () => {
  expect(number).not.toBe('');
  await b.getByRole('button', { name: 'Verify' }).click();
  await expect(b.getByTestId('signature-dialog')).toContainText('a second person signs');
  await sign(b, 'op.ben');
  await expect(b.getByTestId('signature-dialog').getByRole('alert')).toContainText('verified by a second person');
  // A second person on the same tablet.
  await sign(b, 'op.anna');
  await expect(b.getByTestId('signature-dialog')).toBeHidden();
  await expect(b.getByTestId('verification')).toContainText('Verified by Anna Keller');
  await expect(tile(a, GRANULATOR).getByTestId('headline')).toContainText('Clean — expires', { timeout: 45_000 });
  await expect(tile(a, GRANULATOR)).toContainText('Major cleaning');
  cleanedAt = (await (await Api.as('op.ben')).get(`/api/v1/logbooks/cleaning/entries/${number}`)).recorded_at;
});

test('the entry is corrected with a reason (revision 2 beside the original) and found in its logbook by filter', async () => {
  expect(number).not.toBe('');
  await b.getByRole('button', { name: 'Correct values' }).click();
  await b.getByLabel(/^Final rinse water temperature/).fill('63.5');
  await b.getByLabel(/^Reason for the correction/).fill('Read from the wrong gauge');
  await b.getByRole('button', { name: 'Sign the correction' }).click();
  await sign(b);
  await expect(b.getByText('Correction recorded as revision 2.')).toBeVisible();
  await expect(b.getByTestId('revision-2')).toContainText('Read from the wrong gauge');
  await expect(b.getByTestId('revision-2').locator('td.before')).toHaveText('62.5 °C');
  await expect(b.getByTestId('revision-2').locator('td.after')).toHaveText('63.5 °C');
  await expectAccessible(b, 'the logbook entry');
  await screenshot(b, 'logbook-entry');

  // The cleaning logbook, filtered in the address bar.
  await b.goto(`${mainUrl()}/logbooks/cleaning?equipment=${GRANULATOR}`);
  await expect(b.getByLabel('Equipment code')).toHaveValue(GRANULATOR);
  const row = b.getByTestId(`entry-${number}`);
  await expect(row).toContainText('Ben Okafor');
  await expect(row).toContainText('Verified');
  await expect(row).toContainText('Cleaning level: Major');
  await expectAccessible(b, 'the logbook entries');
  await screenshot(b, 'logbook-entries');

  // Every logbook, with its template.
  await b.getByRole('link', { name: '← Logbooks' }).click();
  await expect(b.getByTestId('type-environment')).toContainText('Environmental monitoring');
  await expectAccessible(b, 'the logbooks');
  await screenshot(b, 'logbooks');
});

test('the board as it was before the cleaning, marked not live', async () => {
  const a = boardPage!;
  expect(cleanedAt).not.toBe('');
  // Ten minutes before the cleaning, as the browser's date-time input takes it (its own zone).
  const local = await a.evaluate((iso) => {
    const d = new Date(Date.parse(iso) - 10 * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, cleanedAt);
  await a.getByLabel('Show the board as it was at').fill(local);
  await a.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(a.getByTestId('past-banner')).toContainText('not live');
  await expect(tile(a, GRANULATOR).getByTestId('headline')).toContainText('Dirty — clean hold expired');
  await expect(a.getByTestId('live-note')).toHaveCount(0);
  await expectAccessible(a, 'the equipment board in the past');
  await screenshot(a, 'equipment-board-past');
  await a.getByRole('button', { name: 'Back to now' }).click();
  await expect(a.getByTestId('past-banner')).toHaveCount(0);
  await expect(tile(a, GRANULATOR).getByTestId('headline')).toContainText('Clean — expires');
});

test('an operator who scans a dirty floor scale in a batch sees the interlock and its reason', async ({ page }) => {
  const sup = await Api.as('sup.carla');
  const anna = await Api.as('op.anna');
  const recipe = (await sup.get('/api/v1/recipes')).items.find((r: { effective_version?: number }) => r.effective_version);
  const batch = await sup.post('/api/v1/batches', { recipe_id: recipe.id, batch_size: { value: 100, unit: 'kg' } }, [201]);
  await sup.post(`/api/v1/batches/${batch.id}/start`, {});
  const path = `/api/v1/batches/${batch.id}`;
  await anna.post(`${path}/steps/dispensing_line_clearance/complete`, { value: true });
  await anna.post(`${path}/steps/dispensing_line_clearance/verify`, { signature: signature('op.ben') });
  await anna.post(`${path}/steps/booth_airflow_ok/complete`, { value: true });
  // A new floor scale in a room of its own, cleared for this batch: new equipment is dirty.
  const tail = batch.id.slice(-6).toUpperCase();
  const room = `LB-${tail}`;
  const scale = `FS-${tail}`;
  await sup.post('/api/v1/rooms', { area: 'DISPENSING', code: room, name: `Logbook test room ${tail}`, grade: 'D' }, [201]);
  await sup.post('/api/v1/equipment', { code: scale, name: `Floor scale ${tail}`, class: 'FLOOR-SCALE', room }, [201]);
  await clearRoom(room, batch.id);

  await signIn(page, 'op.anna');
  await page.goto(`${mainUrl()}/batches/${batch.id}`);
  const panel = page.getByTestId('step-panel');
  await expect(panel).toHaveAttribute('data-run', 'bind_floor_scale#1');
  await panel.getByLabel(/asset label/).click();
  await page.keyboard.type(scale);
  await page.keyboard.press('Enter');
  const interlock = panel.getByTestId('interlock');
  await expect(interlock).toContainText(`${scale} is dirty`);
  await expect(interlock).toContainText('cleaning logbook');
  await screenshot(page, 'logbook-interlock');

  // The board names it dirty too.
  await page.goto(`${mainUrl()}/equipment?q=${scale}`);
  await expect(tile(page, scale).getByTestId('headline')).toContainText('Dirty since');
});
