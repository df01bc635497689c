// The MBR builder: a process engineer creates a recipe from an empty draft and authors it (two
// unit procedures, every step type, a condition, a repeat, a formula line the dispense step uses,
// an equipment requirement the equipment step uses), meets a located validation problem and fixes
// it from the problems list, saves and submits it (signed); the QA approver approves it and makes
// it effective in another browser, and the supervisor creates a batch from it.
import { expect, test, type Page } from '@playwright/test';
import { Api, expectAccessible, mainUrl, PASSWORD, screenshot, signIn } from './support';

const code = `E2E-BLD-${Date.now().toString(36).toUpperCase()}`;

async function sign(page: Page) {
  const dialog = page.getByTestId('signature-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Sign' }).click();
  await expect(dialog).toBeHidden();
}

// Adds a step of `type` after the selected step (or, from an operation, at its end) and names it.
async function addStep(page: Page, type: string, name: string, fromOperation = false) {
  if (fromOperation) {
    await page.getByLabel('Type of the new step').selectOption({ label: type });
    await page.getByRole('button', { name: 'Add step', exact: true }).click();
  } else {
    await page.getByLabel('Add a step after this one').selectOption({ label: type });
    await page.getByRole('button', { name: 'Add step after' }).click();
  }
  await expect(page.getByRole('heading', { name: new RegExp(`^${type}: New `) })).toBeVisible();
  const editor = page.locator('.bld-editor');
  await editor.getByLabel('Name', { exact: true }).fill(name);
}

function tree(page: Page) {
  return page.getByRole('navigation', { name: 'Recipe structure' });
}

test('author a recipe in the builder, fix a located problem, submit, approve, make effective, batch', async ({ page, browser }) => {
  test.setTimeout(240_000); // about 1.2 min on a quiet machine
  const editor = page.locator('.bld-editor');

  // A new recipe from the recipes list: an empty draft, opened in the builder.
  await signIn(page, 'eng.farid');
  await page.goto(mainUrl() + '/recipes');
  await page.getByRole('button', { name: 'New recipe' }).click();
  await page.getByLabel('Product code').fill(code);
  await page.getByLabel('Product name').fill('Builder test tablets');
  await page.getByLabel('Batch size').fill('10');
  await page.getByRole('button', { name: 'Create and open the builder' }).click();
  await expect(page).toHaveURL(/\/recipes\/[^/]+\/versions\/1$/);
  await expect(page.getByRole('heading', { level: 1, name: /Builder test tablets/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /A recipe needs at least one unit procedure/ })).toBeVisible();

  // The formula: one line, dispensed in the first unit procedure, charged in the second.
  await tree(page).getByRole('button', { name: /Formula/ }).click();
  await editor.getByRole('button', { name: 'Add formula line' }).click();
  await editor.getByLabel('Key', { exact: true }).fill('api');
  await editor.getByLabel('Material code').fill('RM-0101');
  await editor.getByLabel('Name', { exact: true }).fill('Paracetamol');
  await editor.getByLabel('Quantity', { exact: true }).fill('8');

  // Two unit procedures, each with one operation.
  await tree(page).getByRole('button', { name: 'Add unit procedure' }).click();
  await editor.getByLabel('Name').fill('Dispensing');
  await editor.getByLabel('Key', { exact: true }).fill('dispensing');
  await tree(page).getByRole('button', { name: 'Add unit procedure' }).click();
  await editor.getByLabel('Name').fill('Packaging');
  await editor.getByLabel('Key', { exact: true }).fill('packaging');

  // The equipment requirement the equipment-use step names.
  await tree(page).getByRole('button', { name: /Equipment requirements/ }).click();
  await editor.getByRole('button', { name: 'Add equipment class to Dispensing' }).click();
  await editor.getByLabel('Equipment class 1 of Dispensing').selectOption('BENCH-SCALE');

  // Unit procedure 1: every step type but charge and sign-off.
  await tree(page).getByRole('button', { name: /New operation/ }).first().click();
  await editor.getByLabel('Name').fill('Weighing');
  await addStep(page, 'Equipment use', 'Bench scale', true);
  await expect(editor.getByLabel(/Equipment class/)).toHaveValue('BENCH-SCALE');
  await addStep(page, 'Dispense', 'Dispense paracetamol');
  await expect(editor.getByLabel('Formula line')).toHaveValue('api');
  await addStep(page, 'Number entry', 'Room temperature');
  await editor.getByLabel('Key', { exact: true }).fill('room_temperature');
  await editor.getByLabel('Unit', { exact: true }).selectOption('°C');
  // A mistake: the high limit below the low one.
  await editor.getByLabel('Low (°C)').first().fill('25');
  await editor.getByLabel('High (°C)').first().fill('15');
  await addStep(page, 'Process parameter', 'Scale reading');
  await editor.getByLabel(/^Tag/).fill('weight.net');
  await addStep(page, 'Calculation', 'Temperature margin');
  const expression = editor.getByLabel('Expression');
  await expression.fill('room_temprature - 15');
  await expect(editor.getByText('“room_temprature” is not the key of any step.')).toBeVisible();
  await expression.fill('room_temperature - 15');
  await expect(editor.locator('.bld-verdict').first().getByText('✓ valid')).toBeVisible();
  await addStep(page, 'Yes / no', 'Booth clean');
  // A repeat: asked three times.
  await editor.getByLabel('Times').fill('3');
  await addStep(page, 'Text entry', 'Deviation number');
  // A condition over an earlier value.
  await editor.getByLabel(/^Condition/).fill('room_temperature > 20');
  await expect(editor.locator('.bld-verdict').last().getByText('✓ valid')).toBeVisible();
  await addStep(page, 'Choice', 'Scoop used');
  await addStep(page, 'Date and time', 'Weighing date');
  await addStep(page, 'Sampling', 'Retain sample');
  await addStep(page, 'Hold time', 'Hold before packaging');
  await addStep(page, 'Instruction', 'Close the booth');

  // Unit procedure 2: charge and sign-off.
  await tree(page).getByRole('button', { name: /New operation/ }).click();
  await editor.getByLabel('Name').fill('Filling');
  await addStep(page, 'Charge', 'Charge paracetamol', true);
  await addStep(page, 'Sign-off', 'Production sign-off');
  await screenshot(page, 'builder-tree');

  // Nothing typed is lost: a reload (past the unsaved-changes warning) brings the edit back.
  page.on('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.getByText('Your unsaved changes from before were restored.')).toBeVisible();
  await expect(tree(page).getByRole('button', { name: /Production sign-off/ })).toBeVisible();

  // The located problem: named with its place, it selects the step and focuses the limit.
  const problem = page.getByRole('button', { name: /Unit procedure Dispensing › Operation Weighing › Number entry Room temperature › limits: Low \(25\) > high \(15\)/ });
  await expect(problem).toBeVisible();
  await expect(page.getByRole('button', { name: /problem/ }).first()).toBeVisible();
  await screenshot(page, 'builder-problems');
  await expectAccessible(page, 'the MBR builder with a problem listed');
  await problem.click();
  await expect(editor.getByRole('heading', { name: 'Number entry: Room temperature' })).toBeVisible();
  const low = editor.getByLabel('Low (°C)').first();
  await expect(low).toBeFocused();
  await low.fill('15');
  await editor.getByLabel('High (°C)').first().fill('25');
  await expect(problem).toBeHidden();
  await expect(page.getByText('✓ No problems')).toBeVisible();
  await screenshot(page, 'builder-step-editor');
  await expectAccessible(page, 'the MBR builder with a step selected');

  // Reordering: buttons and Alt+Arrow on the selected node, and drag and drop; each announced.
  const announced = (text: string) => expect(page.locator('.bld > [aria-live]')).toHaveText(text);
  await tree(page).getByRole('button', { name: /Close the booth/ }).click();
  await tree(page).getByRole('button', { name: 'Move up' }).click();
  await announced('Moved step Close the booth to position 11 of 12 in Weighing.');
  await tree(page).getByRole('button', { name: /Close the booth/ }).press('Alt+ArrowDown');
  await announced('Moved step Close the booth to position 12 of 12 in Weighing.');
  const node = (name: RegExp) => tree(page).locator('.bld-node', { has: page.getByRole('button', { name }) });
  await node(/Close the booth/).dragTo(node(/Hold before packaging/), { sourcePosition: { x: 12, y: 12 } });
  await announced('Moved step Close the booth to position 11 of 12 in Weighing.');
  await node(/Close the booth/).dragTo(node(/^Filling Operation/), { sourcePosition: { x: 12, y: 12 } });
  await announced('Moved step Close the booth to position 3 of 3 in Filling.');
  await tree(page).getByLabel('Move to…').selectOption({ label: 'Dispensing › Weighing' });
  await announced('Moved step Close the booth to position 12 of 12 in Weighing.');

  // Save with a reason; nothing is left unsaved.
  await expect(page.getByText('● Unsaved changes')).toBeVisible();
  await page.getByLabel('Reason for the change').fill('First authoring of the builder test recipe');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Saved. The draft has no problems and can be submitted.')).toBeVisible();
  const versionPath = new URL(page.url()).pathname.replace('/recipes/', '/api/v1/recipes/');

  // Someone saves the draft elsewhere while it is edited here: the save is refused as stale, the
  // edit is kept, and after a reload it is saved over theirs.
  await tree(page).getByRole('button', { name: /Close the booth/ }).click();
  await editor.getByLabel(/^Text/).fill('Close the booth and switch off the extraction.');
  const farid = await Api.as('eng.farid');
  const current = await farid.get(versionPath);
  const put = await farid.call('PUT', versionPath, { content: current.content, reason: 'Saved from another tablet', version: current.version });
  expect(put.status).toBe(200);
  await page.getByLabel('Reason for the change').fill('Clearer instruction');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('The draft changed since you opened it.')).toBeVisible();
  await expect(editor.getByLabel(/^Text/)).toHaveValue('Close the booth and switch off the extraction.');
  await page.getByRole('button', { name: 'Reload, keep my changes' }).click();
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByText('Saved. The draft has no problems and can be submitted.')).toBeVisible();
  expect((await farid.get(versionPath)).content.unit_procedures[0].operations[0].steps[11].text).toBe('Close the booth and switch off the extraction.');

  // The version's document, exported.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).click();
  expect((await download).suggestedFilename()).toBe(`${code}-v1.json`);

  // Submit for approval (signed).
  await page.getByRole('button', { name: /Submit for approval/ }).click();
  await sign(page);
  await expect(page.locator('.bld-header').getByText('In review')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save draft' })).toBeHidden();
  const builderUrl = page.url();

  // The QA approver, in another browser: approve, then make effective.
  const qa = await browser.newContext();
  const qp = await qa.newPage();
  await signIn(qp, 'qp.eva');
  await qp.goto(builderUrl);
  await expect(qp.getByRole('heading', { level: 1, name: /Builder test tablets/ })).toBeVisible();
  await qp.getByRole('button', { name: /^Approve/ }).click();
  await sign(qp);
  await expect(qp.locator('.bld-header').getByText('Approved')).toBeVisible();
  await qp.getByRole('button', { name: /Make effective/ }).click();
  await sign(qp);
  await expect(qp.locator('.bld-header').getByText('Effective')).toBeVisible();
  await qa.close();

  // The supervisor creates a batch of it.
  const sup = await browser.newContext();
  const carla = await sup.newPage();
  await signIn(carla, 'sup.carla');
  await carla.goto(mainUrl() + '/batches');
  await carla.getByRole('button', { name: 'New batch' }).click();
  const product = carla.getByLabel('Product (effective recipe)');
  const option = product.locator('option', { hasText: code });
  await product.selectOption((await option.getAttribute('value'))!);
  await expect(carla.getByLabel('Batch size')).toHaveValue('10');
  await carla.getByRole('button', { name: 'Create the batch' }).click();
  await expect(carla.getByRole('heading', { name: /Batch .* created/ })).toBeVisible();
  await expect(carla.getByText('Builder test tablets, 10 kg')).toBeVisible();
  await sup.close();
});
