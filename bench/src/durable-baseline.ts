import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'undici';
import { onCleanup, trackChild } from './cleanup';
import { closedLoop, describe, type LoadResult } from './load';
import { line } from './report';
import { freePort } from './testing';

/**
 * Issue 13's baseline: a minimal durable service (plain node:http -> NATS request -> one better-sqlite3 insert per
 * command, WAL, synchronous = FULL, one transaction each -> reply), two processes of bench/src/durable-service.ts,
 * loaded as the product is: `concurrency` keep-alive connections, closed loop, the same request body.
 */
export async function durableBaseline(natsUrl: string, dir: string, body: unknown, concurrency: number, warmupMs: number, ms: number): Promise<LoadResult> {
  const port = await freePort();
  const store = await start(['store', natsUrl, join(dir, 'durable-baseline.sqlite')]);
  const http = await start(['http', natsUrl, String(port)]);
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: concurrency, pipelining: 1 });
  const closePool = onCleanup(() => pool.close());
  try {
    const payload = JSON.stringify(body);
    const post = async () => {
      const res = await pool.request({ method: 'POST', path: '/mous', headers: { 'content-type': 'application/json' }, body: payload });
      const text = await res.body.text();
      if (res.statusCode !== 201) throw new Error(`durable baseline answered ${res.statusCode}: ${text.slice(0, 200)}`);
    };
    const result = await closedLoop(concurrency, warmupMs, ms, post);
    line(`  minimal durable service (node:http → NATS → one SQLite insert + fsync per command), ${concurrency} connections: ${describe(result)}`);
    return result;
  } finally {
    await closePool();
    await http();
    await store();
  }
}

async function start(args: string[]): Promise<() => Promise<void>> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'durable-service.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  trackChild(child);
  await new Promise<void>((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`durable baseline ${args[0]} exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
  });
  return onCleanup(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  });
}
