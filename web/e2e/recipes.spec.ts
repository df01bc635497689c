// Master batch records against the real server: the process engineer finds the demo recipe,
// exports its effective version, starts a new draft from it (changed through the API, as the MBR
// builder would), compares it with the effective version, meets a refused import, starts a recipe
// of his own and submits the draft with his signature; the qualified person, on another tablet,
// sees it arrive live and approves it with hers, which the engineer cannot. The demo recipe's
// effective version stays effective (other specs make batches from it).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { Api, expectAccessible, mainUrl, PASSWORD, screenshot, signature, signIn } from './support';

const PRODUCT = 'PCM500-FCT';

// Full-page screenshot from the top (the sticky header would otherwise sit mid-page).
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name);
}

// PUT with If-Match, which the fixture client does not send.
async function putDraft(username: string, path: string, body: unknown, etag: string): Promise<{ status: number; json: any }> {
  const login = await fetch(`${mainUrl()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const r = await fetch(mainUrl() + path, {
    method: 'PUT',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': etag },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

type Step = { key: string; name: string; limits?: { low?: number; high?: number } };
function steps(doc: any): Step[] {
  return doc.unit_procedures.flatMap((u: any) => u.operations.flatMap((o: any) => o.steps));
}

async function sign(page: Page, comment?: string): Promise<void> {
  const dialog = page.getByTestId('signature-dialog');
  await expect(dialog.getByTestId('sig-name')).not.toBeEmpty();
  if (comment !== undefined) await dialog.getByRole('textbox', { name: /Reason/ }).fill(comment);
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await expect(dialog).toHaveCount(0);
}

test.describe.configure({ mode: 'serial' });

// Shared by the steps below, in order.
let demo: { id: string; effective_version: number };
let effective = 0;
let exported: any;
let draft = 0;
let importedId = '';

test('the engineer finds the demo recipe, exports it, starts a new draft and compares it', async ({ page }) => {
  const engineer = await Api.as('eng.farid');
  const { items } = await engineer.get('/api/v1/recipes?limit=500');
  demo = items.find((r: { product_code: string }) => r.product_code === PRODUCT);
  effective = demo.effective_version;
  expect(effective).toBeTruthy();

  // The list: the demo recipe with its effective version; search narrows it.
  await signIn(page, 'eng.farid');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recipes' }).click();
  const row = page.getByTestId('recipe-row').filter({ hasText: PRODUCT });
  await expect(row).toContainText('Paracetamol 500 mg film-coated tablets');
  await expect(row).toContainText(`v${effective} effective`);
  await page.getByLabel('Search recipes').fill('ibuprofen nothing');
  await expect(page.getByTestId('recipe-row')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'No recipe matches' })).toBeVisible();
  await page.getByLabel('Search recipes').fill('paracetamol');
  await expect(row).toBeVisible();
  await expectAccessible(page, 'the recipe list');
  await shot(page, 'recipes-list');

  // The detail: header and history; export the effective version.
  await row.getByRole('link', { name: PRODUCT, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/recipes/${demo.id}$`));
  await expect(page.getByTestId('recipe-header')).toContainText(`Version ${effective}`);
  const effRow = page.locator(`[data-testid="version-row"][data-version="${effective}"]`);
  await expect(effRow).toContainText('Effective');
  await expect(effRow).toContainText('Submitted');
  await expect(effRow).toContainText('Made effective');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    effRow.getByRole('button', { name: `Export JSON of version ${effective}` }).click(),
  ]);
  expect(file.suggestedFilename()).toBe(`${PRODUCT}-v${effective}.json`);
  exported = JSON.parse(readFileSync((await file.path())!, 'utf8'));
  expect(exported.format).toBe('gemba.recipe/1');
  expect(exported.product_code).toBe(PRODUCT);
  // Only a holder of recipe.approve is offered Approve, never on an effective version.
  await expect(effRow.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
  await expectAccessible(page, 'the recipe detail');
  await shot(page, 'recipes-detail');

  // "New draft" from the effective version opens the builder on the new draft.
  await effRow.getByRole('button', { name: `New draft from version ${effective}` }).click();
  await expect(page).toHaveURL(new RegExp(`/recipes/${demo.id}/versions/\\d+$`));
  draft = Number(page.url().split('/').pop());
  expect(draft).toBeGreaterThan(effective);

  // The builder's part, through the API: a tighter limit and a renamed step, with If-Match.
  const view = await engineer.get(`/api/v1/recipes/${demo.id}/versions/${draft}`);
  expect(view.state).toBe('draft');
  const content = view.content;
  const weight = steps(content).find((s) => s.key === 'tablet_weight')!;
  const oldHigh = weight.limits!.high!;
  weight.limits!.high = oldHigh - 5;
  const renamed = steps(content).find((s) => s.key === 'booth_airflow_ok')!;
  const oldName = renamed.name;
  renamed.name = 'Downflow airflow checked green';
  const put = await putDraft('eng.farid', `/api/v1/recipes/${demo.id}/versions/${draft}`, { content, reason: 'e2e: tighter tablet weight' }, `"v${view.version}"`);
  expect(put.status, JSON.stringify(put.json)).toBe(200);
  expect(put.json.valid).toBe(true);

  // Compare the effective version with the draft; the pair lives in the address.
  await page.goto(`${mainUrl()}/recipes/${demo.id}`);
  const compare = page.getByRole('region', { name: 'Compare versions' });
  await compare.getByLabel('From').selectOption(String(effective));
  await compare.getByLabel('To').selectOption(String(draft));
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?from=${effective}&to=${draft}$`));
  const diff = page.getByTestId('recipe-diff');
  await expect(diff.getByTestId('diff-summary')).toHaveText(`Version ${effective} → version ${draft}: 2 changes: 2 changed`);
  const limit = diff.getByTestId('diff-change').filter({ hasText: '(tablet_weight)' });
  await expect(limit).toHaveAttribute('data-kind', 'changed');
  await expect(limit.locator('.rc-mark')).toHaveText('~ Changed');
  await expect(limit.getByRole('row', { name: /limits\.high/ })).toContainText(`${oldHigh}${oldHigh - 5}`);
  const name = diff.getByTestId('diff-change').filter({ hasText: '(booth_airflow_ok)' });
  await expect(name.getByRole('row', { name: /name/ })).toContainText(oldName);
  await expect(name.getByRole('row', { name: /name/ })).toContainText('Downflow airflow checked green');
  await expect(limit.locator('xpath=ancestor::section[1]/h3')).toContainText('→ Operation');
  await expectAccessible(page, 'the version diff');
  await diff.scrollIntoViewIfNeeded();
  await shot(page, 'recipes-diff');
  // Shared by its address: a reload shows the same comparison.
  await page.reload();
  await expect(page.getByTestId('diff-summary')).toContainText('2 changes: 2 changed');
});

test('an import the server refuses says where; a good one and a new recipe open in the builder', async ({ page }) => {
  await signIn(page, 'eng.farid');
  await page.goto(`${mainUrl()}/recipes`);
  // An import the server refuses: its message and where the problem is.
  await page.getByRole('button', { name: 'Import JSON' }).click();
  const importer = page.getByTestId('import-recipe');
  await importer.getByLabel('Recipe file (.json)').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{\n  "format": "gemba.recipe/1",\n  "product_code": 500\n}\n'),
  });
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(importer.getByTestId('import-error')).toContainText('product_code: must be a string');
  await expect(importer.getByTestId('import-error')).toContainText('In the field product_code.');
  await importer.getByLabel('Or paste the document').fill('{\n  "format": "gemba.recipe/1",,\n}');
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(importer.getByTestId('import-error')).toContainText('malformed JSON');
  await expect(importer.getByTestId('import-error')).toContainText('At line 2, column');
  await expect(importer.getByLabel('Or paste the document')).toHaveValue('{\n  "format": "gemba.recipe/1",,\n}');
  // A good document (the export under another product code) becomes version 1 of a new recipe.
  const imported = `E2E-IMP-${Date.now().toString(36).toUpperCase()}`;
  await importer.getByLabel('Or paste the document').fill(JSON.stringify({ ...exported, product_code: imported }, null, 2));
  await importer.getByRole('button', { name: 'Import' }).click();
  await expect(page).toHaveURL(/\/recipes\/[0-9a-f-]+\/versions\/1$/);
  importedId = page.url().split('/').slice(-3)[0];
  await page.goto(`${mainUrl()}/recipes`);

  // A recipe of his own: version 1 an empty draft, opened in the builder.
  const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
  await page.getByRole('button', { name: 'New recipe' }).click();
  const create = page.getByTestId('new-recipe');
  await create.getByLabel('Product code').fill(code);
  await create.getByLabel('Product name').fill('E2E placebo tablets');
  await create.getByLabel('Batch size').fill('25');
  await create.getByRole('button', { name: 'Create and open the builder' }).click();
  await expect(page).toHaveURL(/\/recipes\/[0-9a-f-]+\/versions\/1$/);
});

test('the engineer submits with his signature; the QP sees it live and approves, he cannot', async ({ page, browser }) => {
  const engineer = await Api.as('eng.farid');
  await signIn(page, 'eng.farid');
  // The QP watches the list on her tablet while the engineer submits the draft.
  const qpContext = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const qp = await qpContext.newPage();
  await signIn(qp, 'qp.eva');
  await qp.goto(`${mainUrl()}/recipes`);
  const qpRow = qp.getByTestId('recipe-row').filter({ hasText: PRODUCT });
  await expect(qpRow).toBeVisible();
  await expect(qpRow.getByRole('link', { name: `Version ${draft} of ${PRODUCT}, in review` })).toHaveCount(0);

  await page.goto(`${mainUrl()}/recipes/${demo.id}`);
  const draftRow = page.locator(`[data-testid="version-row"][data-version="${draft}"]`);
  await expect(draftRow).toContainText('Draft');
  await draftRow.getByRole('button', { name: `Submit for approval version ${draft}` }).click();
  await expect(page.getByTestId('sig-meaning')).toContainText('Authored');
  await sign(page);
  await expect(draftRow).toContainText('In review');
  await expect(draftRow).toContainText('Submitted');
  // The engineer authored it: no Approve for him, and the server refuses him too.
  await expect(draftRow.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
  const refused = await engineer.call('POST', `/api/v1/recipes/${demo.id}/versions/${draft}/approve`, {
    signature: { username: 'eng.farid', password: PASSWORD },
  });
  expect(refused.status).toBe(403);
  expect(refused.json.error.message).toContain('recipe.approve');

  // Live on the QP's list; she approves with her signature.
  await expect(qpRow.getByRole('link', { name: `Version ${draft} of ${PRODUCT}, in review` })).toBeVisible();
  await qpRow.getByRole('link', { name: PRODUCT, exact: true }).click();
  const qpDraftRow = qp.locator(`[data-testid="version-row"][data-version="${draft}"]`);
  await expect(qpDraftRow).toContainText('In review');
  await qpDraftRow.getByRole('button', { name: `Approve version ${draft}` }).click();
  await expect(qp.getByTestId('sig-meaning')).toContainText('Approved');
  await expect(qp.getByTestId('sig-name')).toHaveText('Eva Lindqvist');
  await sign(qp);
  await expect(qpDraftRow).toContainText('Approved');
  await expect(qpDraftRow).toContainText('Eva Lindqvist');
  // Making it effective is hers to do, but not here: the demo's effective version stays.
  await expect(qpDraftRow.getByRole('button', { name: `Make effective version ${draft}` })).toBeVisible();
  // The engineer's screen follows live.
  await expect(draftRow).toContainText('Approved');

  // On the imported recipe (no other spec uses it) the QP makes a version effective, then
  // retires it with a reason.
  await engineer.post(`/api/v1/recipes/${importedId}/versions/1/submit`, { signature: signature('eng.farid') });
  await Api.as('qp.eva').then((e) => e.post(`/api/v1/recipes/${importedId}/versions/1/approve`, { signature: signature('qp.eva') }));
  await qp.goto(`${mainUrl()}/recipes/${importedId}`);
  const own = qp.locator('[data-testid="version-row"][data-version="1"]');
  await expect(own).toContainText('Approved');
  await own.getByRole('button', { name: 'Make effective version 1' }).click();
  await expect(qp.getByTestId('sig-meaning')).toContainText('Released');
  await sign(qp);
  await expect(own).toContainText('Effective');
  await expect(own).toContainText('Made effective');
  await expect(qp.getByTestId('recipe-header')).toContainText('Version 1');
  await own.getByRole('button', { name: 'Retire version 1' }).click();
  await sign(qp, 'e2e: product discontinued');
  await expect(own).toContainText('Retired');
  await expect(own).toContainText('e2e: product discontinued');
  await qpContext.close();

  const after = await engineer.get(`/api/v1/recipes/${demo.id}`);
  expect(after.effective_version).toBe(effective);
});
