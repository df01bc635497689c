// web_load_bench: how long the operator waits for the execution screen, in Debian's Chromium
// against a real `gemba demo` (Release build) on a fresh database.
//
//   node bench/web_load_bench.mjs [GEMBA_BIN]      (make bench runs it after the C++ benchmarks)
//
// Measured by the page's own clock from its navigation start, over fresh browser contexts (cold:
// nothing cached) and a second navigation in the same context (warm: the code cached):
//   baseline  – the same browser loading one small server answer (/healthz) to its load event:
//               what any page costs here before the app does anything;
//   execution – until the current step of an in-progress batch is in the document
//               ([data-testid=step-panel]): the app's code, /me, the batch and its steps fetched
//               and rendered.
//   action    – a comment added to a done step: from the end of the POST's response to its
//               text in the document.
// Targets (issue 8): execution screen first load ≤ 1 s on localhost; an action's result visible
// ≤ 100 ms after the server answers.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'web', 'package.json'));
const { chromium } = require('playwright-core');
const bin = resolve(root, process.argv[2] ?? 'build/bench/gemba');
const RUNS = 15;
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

async function startServer(dir) {
  const port = await freePort();
  const child = spawn(bin, ['demo', '--database', `sqlite:${join(dir, 'bench.db')}`, '--listen', `127.0.0.1:${port}`], {
    env: { ...process.env, GEMBA_STATIC_DIR: join(root, 'web', 'dist'), GEMBA_AUDIT_KEY_FILE: join(dir, 'audit.key'), GEMBA_LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error('gemba did not start');
}

async function login(url, username) {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'gemba-demo-2026' }),
  });
  return (await r.json()).token;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: q(0.5), p90: q(0.9), max: s[s.length - 1] };
}

const fmt = (ms) => ms.toFixed(0);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'gemba-web-bench-'));
  const { url, child } = await startServer(dir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
  try {
    const token = await login(url, 'op.anna');
    const list = await (await fetch(`${url}/api/v1/batches?status=in_progress`, { headers: { Authorization: `Bearer ${token}` } })).json();
    const batch = list.items[0];
    const cold = { baseline: [], execution: [] };
    const warm = { baseline: [], execution: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const what of ['baseline', 'execution']) {
        const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
        await context.addInitScript((t) => sessionStorage.setItem('gemba.token', t), await login(url, 'op.anna'));
        // The page's own clock, from its navigation start: the moment the step panel is in the
        // document (observed as it is inserted), or for the baseline the end of its load event.
        await context.addInitScript(() => {
          new MutationObserver((_, observer) => {
            if (document.querySelector('[data-testid=step-panel]')) {
              window.__ready = performance.now();
              observer.disconnect();
            }
          }).observe(document, { childList: true, subtree: true });
        });
        const page = await context.newPage();
        const go = async () => {
          if (what === 'baseline') {
            await page.goto(`${url}/healthz`);
            return page.evaluate(() => performance.getEntriesByType('navigation')[0].loadEventEnd);
          }
          await page.goto(`${url}/batches/${batch.id}`);
          await page.locator('[data-testid=step-panel]').waitFor();
          return page.evaluate(() => window.__ready);
        };
        cold[what].push(await go());
        warm[what].push(await go());
        await context.close();
      }
    }
    // An action's answer on screen: a comment added to a done step, from the end of the
    // POST's response (Resource Timing) to the comment's text in the document (observed as it is
    // inserted), by the page's clock.
    const shown = [];
    {
      const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
      await context.addInitScript((t) => sessionStorage.setItem('gemba.token', t), await login(url, 'op.anna'));
      const page = await context.newPage();
      await page.goto(`${url}/batches/${batch.id}`);
      const panel = page.locator('[data-testid=step-panel]');
      await panel.waitFor();
      await page.locator('[data-testid=outline-step]').first().click(); // a done step
      await panel.getByRole('button', { name: 'Add a comment' }).waitFor();
      for (let i = 0; i < RUNS; i++) {
        const marker = `bench comment ${i} ${Date.now()}`;
        await page.evaluate((m) => {
          window.__shownAt = undefined;
          new MutationObserver((_, observer) => {
            if (document.body.textContent.includes(m)) {
              window.__shownAt = performance.now();
              observer.disconnect();
            }
          }).observe(document.body, { childList: true, subtree: true, characterData: true });
        }, marker);
        await panel.getByRole('button', { name: 'Add a comment' }).click();
        await panel.getByLabel('Comment', { exact: true }).fill(marker);
        await panel.getByRole('button', { name: 'Add comment' }).click();
        await page.getByText(marker).first().waitFor();
        shown.push(
          await page.evaluate(() => {
            const posts = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/comments'));
            return window.__shownAt - posts[posts.length - 1].responseEnd;
          }),
        );
      }
      await context.close();
    }
    const line = (name, xs) => {
      const s = stats(xs);
      return `| ${name} | ${fmt(s.median)} | ${fmt(s.p90)} | ${fmt(s.max)} |`;
    };
    console.log(`## web_load_bench — execution screen of ${batch.number} (${batch.steps_total} steps), ${RUNS} runs each`);
    console.log();
    console.log(`${cpus().length} cores; Chromium headless; server: ${bin.replace(root + '/', '')}`);
    console.log();
    console.log('| load | median (ms) | p90 (ms) | max (ms) |');
    console.log('|---|---:|---:|---:|');
    console.log(line('baseline, cold: /healthz in a new context', cold.baseline));
    console.log(line('execution screen, cold: new context, nothing cached', cold.execution));
    console.log(line('baseline, warm: /healthz again', warm.baseline));
    console.log(line('execution screen, warm: navigated again, code cached', warm.execution));
    console.log(line('an action\'s answer on screen: POST response end → comment in the document', shown));
    const c = stats(cold.execution);
    const a = stats(shown);
    console.log();
    console.log(`Target: first load ≤ 1000 ms. Cold p90 ${fmt(c.p90)} ms: ${c.p90 <= 1000 ? 'met' : 'NOT met'}; ` +
      `${(stats(cold.execution).median / stats(cold.baseline).median).toFixed(1)}× the baseline's median.`);
    console.log(`Target: an action's result visible ≤ 100 ms after the server answers. p90 ${fmt(a.p90)} ms: ${a.p90 <= 100 ? 'met' : 'NOT met'}.`);
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
