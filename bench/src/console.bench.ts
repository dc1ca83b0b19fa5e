import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { onCleanup, trackChild } from './cleanup';
import { startStack } from './product.bench';
import { heading, line, record } from './report';
import { int, median } from './stats';
import { freePort, startNatsServer, tempDir } from './testing';

// dist/bench/src -> repo root
const ROOT = resolve(__dirname, '..', '..', '..');
const CONSOLE_DIR = join(ROOT, 'dist', 'console');
const RUNS = 5;

/** The JavaScript the console's index.html loads before any page: the entry module and what it preloads. */
export function initialScripts(html: string): string[] {
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
  return [...new Set(srcs)];
}

/**
 * 10. The console: initial JS gzipped (from dist/console), and the dashboard's first load in chromium from a cold
 * cache (new browser context each run) against the product with `npm run seed`'s data, until its due list shows.
 */
export async function benchConsole(): Promise<void> {
  heading('11. Console: initial JavaScript and the dashboard’s first load (cold cache, seeded data)');
  const index = join(CONSOLE_DIR, 'index.html');
  if (!existsSync(index)) throw new Error('dist/console is missing: `npm run build` builds the console');
  const scripts = initialScripts(readFileSync(index, 'utf8'));
  const gzipped = scripts.reduce((sum, src) => sum + gzipSync(readFileSync(join(CONSOLE_DIR, src))).length, 0);
  record({
    part: '11',
    name: 'console initial JS (gzipped)',
    value: `${int(gzipped / 1024)} KiB`,
    baseline: '',
    ratio: '',
    target: '< 300 KiB',
    met: gzipped < 300 * 1024,
  });

  if (!existsSync('/usr/bin/chromium')) {
    line('  (no /usr/bin/chromium: the first-load figure is skipped)');
    return;
  }
  const nats = await startNatsServer();
  const stopNats = onCleanup(() => nats.stop());
  const dir = tempDir('pmt-bench-console-');
  const removeDir = onCleanup(() => dir.remove());
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  const env = { PORT: String(port), NATS_URL: nats.url, DATA_DIR: dir.path, AUTH_JWT_SECRET: secret, LOG_LEVEL: 'warn' };
  const stack = await startStack({ env, readyTimeoutMs: 60_000 });
  const stopStack = onCleanup(() => stack.stop());
  for (const child of stack.children.values()) trackChild(child);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const closeBrowser = onCleanup(() => browser.close());
  try {
    if (!stack.ready) throw new Error('the product did not become ready within 60 s');
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'seed.js')], {
      env: { ...process.env, ...env, API_URL: `http://127.0.0.1:${port}/api/v1` },
      stdio: 'ignore',
    });
    const password = randomBytes(12).toString('hex');
    const user = ['add', 'bench@console.local', '--roles', 'staff', '--teams', 'IASA', '--password', password];
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'user.js'), ...user], { env: { ...process.env, DATA_DIR: dir.path }, stdio: 'ignore' });
    const base = `http://127.0.0.1:${port}`;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A new context has an empty HTTP cache; the session cookie is set by the API, as the sign-in page would.
      const context = await browser.newContext();
      const signIn = await context.request.post(`${base}/api/v1/session`, { data: { email: 'bench@console.local', password } });
      if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${base}/?lang=en`);
      await page.getByRole('heading', { name: 'Due, overdue first' }).waitFor();
      await page.getByRole('heading', { name: 'Unread notifications' }).waitFor();
      times.push(performance.now() - started);
      await context.close();
    }
    const ms = median(times);
    record({
      part: '11',
      name: `dashboard first load, cold cache (median of ${RUNS})`,
      value: `${int(ms)} ms`,
      baseline: '',
      ratio: '',
      target: '< 1500 ms',
      met: ms < 1500,
    });
  } finally {
    await closeBrowser();
    await stopStack();
    await stopNats();
    await removeDir();
  }
}
