// Starts the servers the specs use, each `gemba demo` on a fresh SQLite database in a temporary
// folder, serving the built web app (web/dist):
//   main  – the demo plant with default security settings;
//   short – the same with a one-minute inactivity limit (the session-timeout spec).
// Their addresses reach the specs through E2E_MAIN_URL / E2E_SHORT_URL. The teardown returned
// stops them and removes the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const bin = resolve(root, process.env.GEMBA_BIN ?? 'build/ci/gemba');
// E2E_DIST: another build of the web app (a developer's own, while others build web/dist).
const dist = resolve(root, 'web', process.env.E2E_DIST ?? 'dist');

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => ok(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`gemba exited with ${child.exitCode}; see ${log}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`gemba at ${url} did not become healthy in 180 s; see ${log}`);
}

async function start(dir: string, name: string, config: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const configFile = join(dir, `${name}.toml`);
  // Each server its own audit key: the signed-checkpoint file sits beside the key, and two
  // servers sharing one would each see the other's checkpoint as a broken chain.
  writeFileSync(configFile, `${config}[audit]\nkey_file = "${join(dir, name + '-audit.key')}"\n`);
  const log = join(dir, `${name}.log`);
  const out = openSync(log, 'w');
  const child = spawn(
    bin,
    ['demo', '--config', configFile, '--database', `sqlite:${join(dir, name + '.db')}`, '--listen', `127.0.0.1:${port}`],
    { cwd: root, env: { ...process.env, GEMBA_STATIC_DIR: dist }, stdio: ['ignore', out, out] },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child, log);
  return { url, child };
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(bin)) throw new Error(`no gemba binary at ${bin}: build it first (make ci), or set GEMBA_BIN`);
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no web app at ${dist}: run npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'gemba-e2e-'));
  const [main, short] = await Promise.all([
    start(dir, 'main', ''),
    start(dir, 'short', '[security]\nsession_idle_minutes = 1\n'),
  ]);
  process.env.E2E_MAIN_URL = main.url;
  process.env.E2E_SHORT_URL = short.url;
  process.env.E2E_DIR = dir;
  return async () => {
    for (const s of [main, short]) s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
  };
}
