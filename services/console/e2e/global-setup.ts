// Starts the whole product once for the browser tests: a test nats-server, the services and the gateway from dist/
// (scripts/stack.js, as `npm start` does) on a free port and a temp DATA_DIR, and the accounts the tests sign in with.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACCOUNTS, SECRET } from './support';

const ROOT = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStack } = require(path.join(ROOT, 'scripts', 'stack.js'));
// The built test helper (the e2e project's build makes dist/): starts nats-server with JetStream on a free port.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startNatsServer, freePort } = require(path.join(ROOT, 'dist', 'libs', 'testing', 'src', 'nats-server.js'));

export default async function globalSetup(): Promise<() => Promise<void>> {
  const nats = await startNatsServer();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'pmt-console-e2e-'));
  const port: number = await freePort();
  const logs: string[] = [];
  const stack = await startStack({
    env: { PORT: String(port), NATS_URL: nats.url, DATA_DIR: dataDir, AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'warn' },
    onLine: (name: string, line: string) => logs.push(`[${name}] ${line}`),
    // seven Node processes starting at once on a shared 2-core machine may take longer than the default 30 s
    readyTimeoutMs: 120_000,
  });
  if (!stack.ready) {
    await stack.stop();
    await nats.stop();
    throw new Error(`the product did not become ready:\n${logs.slice(-40).join('\n')}`);
  }
  for (const a of ACCOUNTS) {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'scripts', 'user.js'), 'add', a.email, '--roles', a.roles, '--teams', a.teams, '--name', a.name, '--password', a.password],
      {
        env: { ...process.env, DATA_DIR: dataDir },
        stdio: 'pipe',
      },
    );
  }
  process.env.CONSOLE_URL = `http://127.0.0.1:${port}`;
  return async () => {
    await stack.stop();
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
