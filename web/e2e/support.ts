// What every spec shares: the servers' addresses, signing in through the login screen, full-page
// screenshots into e2e/screenshots (git-ignored), and a small API client for the records a spec
// needs that belong to screens outside this web app's first part (logbook entries, lot receipts).
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PASSWORD = 'gemba-demo-2026';

export function mainUrl(): string {
  const u = process.env.E2E_MAIN_URL;
  if (!u) throw new Error('E2E_MAIN_URL is not set: run the specs through playwright.config.ts');
  return u;
}

export function shortUrl(): string {
  const u = process.env.E2E_SHORT_URL;
  if (!u) throw new Error('E2E_SHORT_URL is not set: run the specs through playwright.config.ts');
  return u;
}

// Signs in through the login screen and waits for the header to name the user.
export async function signIn(page: Page, username: string, base = mainUrl(), password = PASSWORD): Promise<void> {
  await page.goto(base + '/');
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('who')).toBeVisible();
}

const shots = join(fileURLToPath(new URL('.', import.meta.url)), 'screenshots');
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

// A signed-in API client (bearer token) for fixtures.
export class Api {
  private constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  static async as(username: string, base = mainUrl()): Promise<Api> {
    const r = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (!r.ok) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
    return new Api(base, ((await r.json()) as { token: string }).token);
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
    const r = await fetch(this.base + path, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : undefined };
  }

  async get(path: string): Promise<any> {
    const r = await this.call('GET', path);
    if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }

  async post(path: string, body: unknown, expected = [200, 201]): Promise<any> {
    const r = await this.call('POST', path, body);
    if (!expected.includes(r.status)) throw new Error(`POST ${path}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }
}

export function signature(username: string): { username: string; password: string } {
  return { username, password: PASSWORD };
}

// A line clearance of `room` for the batch, every answer yes, recorded by Anna and verified by Ben.
export async function clearRoom(room: string, batchId: string): Promise<void> {
  const anna = await Api.as('op.anna');
  const clearance = await anna.post(
    '/api/v1/logbooks/clearance/entries',
    {
      room,
      batch: batchId,
      fields: { previous_product_removed: true, previous_documents_removed: true, equipment_clean_status_checked: true, waste_removed: true, labels_removed: true },
      signature: signature('op.anna'),
    },
    [201],
  );
  await anna.post(`/api/v1/logbooks/clearance/entries/${clearance.id}/verify`, { signature: signature('op.ben') });
}

// WCAG 2 A and AA rules (axe-core) on what the page shows now: fails on any serious or critical
// violation, naming the rule and the elements.
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`);
  expect(report, `accessibility of ${what}`).toEqual([]);
}
