import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestNatsServer {
  url: string;
  port: number;
  storeDir: string;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = tcpConnect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Starts `nats-server -js` on a port it picks itself (`-p -1`) with its own temporary store directory, and reads
 * that port from the ports file the server writes. Choosing a free port first and passing it in races other
 * test workers: another process can take the port in between, the server then fails to bind, and the test
 * would talk to whatever else listens there (another worker's NATS server). `configFile`: a nats-server
 * configuration, e.g. the users and permissions of writeNatsAuthFiles (libs/service-kit).
 */
export async function startNatsServer(timeoutMs = 10_000, options: { configFile?: string } = {}): Promise<TestNatsServer> {
  const storeDir = mkdtempSync(join(tmpdir(), 'pmt-nats-'));
  // A configuration file (users and permissions) comes first: the flags after it override its address and store.
  const config = options.configFile ? ['-c', options.configFile] : [];
  const child: ChildProcess = spawn('nats-server', [...config, '-a', '127.0.0.1', '-p', '-1', '-js', '-sd', storeDir, '--ports_file_dir', storeDir], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const portsFile = join(storeDir, `nats-server_${child.pid}.ports`);
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (url === undefined) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with code ${child.exitCode} before it listened`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('nats-server did not report its port in time');
    }
    url = readPorts(portsFile);
    if (url === undefined) await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(new URL(url).port);
  await waitForPort(port);
  return {
    url,
    port,
    storeDir,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

function readPorts(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { nats?: string[] }).nats?.[0];
  } catch {
    return undefined; // still being written
  }
}
