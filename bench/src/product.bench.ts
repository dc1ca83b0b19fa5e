import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sign } from 'jsonwebtoken';
import { connect, type NatsConnection } from 'nats';
import { Pool } from 'undici';
import { newId, officeDate } from '@pmt/kernel';
import { onCleanup, trackChild } from './cleanup';
import { durableBaseline } from './durable-baseline';
import { relayDone } from './history.bench';
import { backlog } from './partnership-probe';
import { benchCommandPath, benchStreamLength, fillLongMou, LONG_STREAM_EVENTS } from './stream-length';
import { closedLoop, describe, openLoop, type LoadResult } from './load';
import { loopStats } from './loop-stats';
import { heading, line, record } from './report';
import { int, ratio } from './stats';
import { freePort, startNatsServer, tempDir, type TestNatsServer } from './testing';

/** Concurrent connections (HTTP) and concurrent requests (NATS echo) of the max-throughput runs. */
const CONCURRENCY = 32;
const MAX_WARMUP_MS = 1000;
const MAX_MS = 5000;
const RATE = 500;
const RATE_WARMUP_MS = 1000;
const RATE_MS = 10_000;
const ECHO_RATE_MS = 5000;
const CREATE_MS = 4000;
/** Active MOUs the commands are spread over; each max-throughput worker has its own share, so they never collide. */
const MOUS = 128;
const TARGET_RATIO = 0.4;
const TARGET_P99_MS = 10;
/** Issue 13: creates through the product at least as fast as the minimal durable service, and p99 under 50 ms at half the max. */
const TARGET_DURABLE_RATIO = 1.0;
const TARGET_HALF_P99_MS = 50;
export const TARGET_RSS_MIB = 1024;
const ECHO_SUBJECT = 'bench.echo';

const ROOT = resolve(__dirname, '..', '..', '..');

export interface Stack {
  ready: boolean;
  children: Map<string, ChildProcess>;
  stop(): Promise<void>;
}
interface StackOptions {
  env: Record<string, string>;
  onLine?: (name: string, line: string) => void;
  log?: (message: string) => void;
  readyTimeoutMs?: number;
  /** Only these domain services (default all); `readyPath` then says when the gateway counts as started. */
  services?: string[];
  readyPath?: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { startStack } = require(join(ROOT, 'scripts', 'stack.js')) as { startStack(options: StackOptions): Promise<Stack> };

/** What the gateway sends mous for one kpi-progress command: the echo carries a message of this size. */
const commandMessage = () =>
  JSON.stringify({
    commandId: newId(),
    actor: 'officer@bench.example',
    correlationId: newId(),
    id: newId(),
    data: { kpiId: 'kpi-1', value: 12, reportedOn: '2025-06-30', note: null },
  });

async function startEchoResponder(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'echo-responder.js'), url, ECHO_SUBJECT], { stdio: ['ignore', 'pipe', 'inherit'] });
  trackChild(child);
  await new Promise<void>((ready, fail) => {
    child.once('exit', (code) => fail(new Error(`echo responder exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
  });
  return child;
}

async function echoBaseline(nats: TestNatsServer): Promise<{ max: LoadResult; rated: LoadResult }> {
  const responder = await startEchoResponder(nats.url);
  const stopResponder = onCleanup(async () => {
    if (responder.exitCode !== null || responder.signalCode !== null) return;
    const exited = new Promise((r) => responder.once('exit', r));
    responder.kill('SIGTERM');
    await exited;
  });
  const nc: NatsConnection = await connect({ servers: nats.url, name: 'bench-requester' });
  const closeNc = onCleanup(() => nc.close());
  try {
    const payload = new TextEncoder().encode(commandMessage());
    const request = () => nc.request(ECHO_SUBJECT, payload, { timeout: 5000 });
    const max = await closedLoop(CONCURRENCY, MAX_WARMUP_MS, MAX_MS, request);
    line(`  NATS echo, ${CONCURRENCY} concurrent requests (one connection each side, ${payload.length}-byte message): ${describe(max)}`);
    const rated = await openLoop(RATE, RATE_WARMUP_MS, ECHO_RATE_MS, request);
    line(`  NATS echo at ${RATE}/s: ${describe(rated)}`);
    return { max, rated };
  } finally {
    await closeNc();
    await stopResponder();
  }
}

interface Api {
  post(path: string, body: unknown): Promise<{ id: string; version: number; status?: string }>;
}

function api(pool: Pool, token: string): Api {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    async post(path, body) {
      const res = await pool.request({ method: 'POST', path, headers, body: JSON.stringify(body) });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`POST ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
      return JSON.parse(text);
    },
  };
}

/** Runs `task` over `items` with at most `limit` at a time. */
export async function inParallel<T>(items: T[], limit: number, task: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        await task(items[i], i);
      }
    }),
  );
}

/** CPU seconds (user + system) a process has used so far; /proc counts in clock ticks of 1/100 s on Linux. */
export function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function cpuOf(children: Map<string, ChildProcess>): Map<string, number> {
  return new Map([...children].map(([name, child]) => [name, cpuSeconds(child.pid)]));
}

/** CPU each process spent per answered command between two readings, in ms, and their sum. */
export const cpuPerCommand = (before: Map<string, number>, after: Map<string, number>, commands: number) => {
  const each = [...after].map(([name, t]) => [name, ((t - (before.get(name) ?? 0)) * 1000) / Math.max(1, commands)] as const);
  const total = each.reduce((sum, [, ms]) => sum + ms, 0);
  return `${each.map(([name, ms]) => `${name} ${ms.toFixed(2)}`).join(', ')}; ${total.toFixed(1)} ms in all`;
};

export const cpuShare = (before: Map<string, number>, after: Map<string, number>, seconds: number) =>
  [...after].map(([name, t]) => `${name} ${Math.round(((t - (before.get(name) ?? 0)) / seconds) * 100)}%`).join(', ');

export function rssKiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** The body of POST /mous; the durable baseline is sent the same bytes. */
function mouBodyFor(organisationIds: string[]) {
  return {
    title: 'ความร่วมมือด้านนวัตกรรม (benchmark)',
    parties: organisationIds.map((organisationId, i) => ({ organisationId, signatoryName: `Signatory ${i + 1}`, signatoryTitle: 'Director' })),
    cooperationAreas: ['innovation networks', 'public-sector innovation'],
    collaborationLevel: 'strategic',
    effectiveFrom: '2025-01-01',
    termMonths: 36,
    kpis: [
      { id: 'kpi-1', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes' },
      { id: 'kpi-2', name: 'knowledge sessions', target: 8 },
    ],
  };
}

export async function benchProduct(): Promise<void> {
  heading(`2. Commands through the whole product (HTTP → gateway → NATS → mous → SQLite → reply) vs a NATS echo and a minimal durable service`);
  const nats = await startNatsServer();
  const stopNats = onCleanup(() => nats.stop());
  const dir = tempDir('pmt-bench-product-');
  const removeDir = onCleanup(() => dir.remove());
  try {
    // The baseline runs first, on the same nats-server, while no service competes for the CPU.
    const echo = await echoBaseline(nats);
    const durable = await durableBaseline(
      nats.url,
      dir.path,
      mouBodyFor(['0190a000-0000-7000-8000-00000000000a', '0190a000-0000-7000-8000-00000000000b']),
      CONCURRENCY,
      MAX_WARMUP_MS,
      CREATE_MS,
    );
    await benchCommandPath(dir.path);
    // 2e: a long MOU already in the store, as after years of KPI reports
    const longMouId = await fillLongMou(join(dir.path, 'mous.sqlite'));

    const port = await freePort();
    const secret = randomBytes(24).toString('hex');
    const logs: string[] = [];
    const supervisor: string[] = [];
    const loopDir = join(dir.path, 'loop-stats');
    mkdirSync(loopDir);
    const started = performance.now();
    const stack = await startStack({
      env: {
        PORT: String(port),
        NATS_URL: nats.url,
        DATA_DIR: dir.path,
        AUTH_JWT_SECRET: secret,
        RATE_LIMIT_PER_MINUTE: '0',
        // every second, how late each process's event loop ran and how long GC paused it (loop-stats-preload.ts)
        BENCH_LOOP_STATS_DIR: loopDir,
        // BENCH_PROFILE_DIR=<dir> also writes a V8 CPU profile of every service process there when it stops
        NODE_OPTIONS: [join(__dirname, 'loop-stats-preload.js'), ...(process.env.BENCH_PROFILE_DIR ? [join(__dirname, 'cpu-profile-preload.js')] : [])]
          .map((file) => `--require ${file}`)
          .join(' '),
        ...(process.env.BENCH_PROFILE_DIR ? { BENCH_PROFILE_DIR: resolve(process.env.BENCH_PROFILE_DIR) } : {}),
      },
      onLine: (name, text) => {
        logs.push(`[${name}] ${text}`);
        if (logs.length > 200) logs.splice(0, logs.length - 100);
      },
      log: (message) => supervisor.push(message),
      readyTimeoutMs: 60_000,
    });
    const stopStack = onCleanup(() => stack.stop());
    for (const child of stack.children.values()) trackChild(child);
    const readyMs = performance.now() - started;
    if (!stack.ready) throw new Error(`the product did not become ready within 60 s:\n${logs.slice(-40).join('\n')}`);
    line(`  stack ready (gateway /health/ready answered 200) ${int(readyMs)} ms after startStack`);

    const base = `http://127.0.0.1:${port}`;
    const pool = new Pool(base, { connections: CONCURRENCY, pipelining: 1 });
    const closePool = onCleanup(() => pool.close());
    try {
      const token = sign({ sub: 'officer@bench.example', roles: ['staff'] }, secret, { algorithm: 'HS256', expiresIn: '1h' });
      const http = api(pool, token);
      const orgs = await Promise.all(
        [
          { name: 'สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)', nameEn: 'National Innovation Agency', kind: 'government', country: 'TH' },
          { name: 'United Nations Development Programme Thailand', kind: 'international', country: 'TH' },
        ].map((o) => http.post('/api/v1/organisations', o)),
      );
      const mouBody = mouBodyFor(orgs.map((o) => o.id));
      const setupStarted = performance.now();
      const mous: string[] = new Array(MOUS);
      await inParallel([...Array(MOUS).keys()], 16, async (i) => {
        const { id } = await http.post('/api/v1/mous', mouBody);
        await http.post(`/api/v1/mous/${id}/signature-request`, {});
        await http.post(`/api/v1/mous/${id}/signatures`, { organisationId: orgs[0].id });
        const last = await http.post(`/api/v1/mous/${id}/signatures`, { organisationId: orgs[1].id });
        if (last.status !== 'active') throw new Error(`MOU ${id} is ${last.status} after both signatures, expected active`);
        mous[i] = id;
      });
      line(`  set up: 2 organisations, ${MOUS} active MOUs (4 commands each) in ${int(performance.now() - setupStarted)} ms`);

      const today = officeDate(new Date());
      const report = (mouId: string, i: number) =>
        http.post(`/api/v1/mous/${mouId}/kpi-progress`, { kpiId: i % 2 ? 'kpi-2' : 'kpi-1', value: i, reportedOn: today, note: null });

      // (e) flat as the stream grows: first let the relay and every consumer get through the long MOU's history
      await relayDone(nats.url, LONG_STREAM_EVENTS);
      await quiet(nats.url);
      const { id: freshId } = await http.post('/api/v1/mous', mouBody);
      await http.post(`/api/v1/mous/${freshId}/signature-request`, {});
      await http.post(`/api/v1/mous/${freshId}/signatures`, { organisationId: orgs[0].id });
      await http.post(`/api/v1/mous/${freshId}/signatures`, { organisationId: orgs[1].id });
      await benchStreamLength(longMouId, freshId, report);

      // (a) max throughput: worker w only ever touches MOUs w, w + N, w + 2N… so no two commands race on one MOU
      const perWorker = MOUS / CONCURRENCY;
      const turns = new Array<number>(CONCURRENCY).fill(0);
      const cpuBefore = cpuOf(stack.children);
      const clientBefore = process.cpuUsage();
      const wallBefore = performance.now();
      const max = await closedLoop(CONCURRENCY, MAX_WARMUP_MS, MAX_MS, (i, w) => report(mous[w + CONCURRENCY * (turns[w]++ % perWorker)], i));
      const cpuAfter = cpuOf(stack.children);
      line(`  POST kpi-progress, ${CONCURRENCY} connections: ${describe(max)}`);
      const wall = (performance.now() - wallBefore) / 1000;
      const client = process.cpuUsage(clientBefore);
      line(
        `    CPU used meanwhile, in % of one core: ${cpuShare(cpuBefore, cpuAfter, wall)}, bench client ${Math.round((client.user + client.system) / 1e4 / wall)}%`,
      );

      // (b) a fixed offered load
      const rated = await openLoop(RATE, RATE_WARMUP_MS, RATE_MS, (i) => report(mous[i % MOUS], i));
      line(`  POST kpi-progress at ${RATE}/s: ${describe(rated)}`);

      // Context when the product cannot take RATE at all: the latency at half of what it can take.
      let below: LoadResult | undefined;
      if (max.rate < RATE) {
        const half = Math.max(10, Math.round(max.rate / 2));
        // From a drained product: the overload above leaves the consumers a backlog, which is not what half the rate costs
        await quiet(nats.url, 'after the overload');
        below = await openLoop(half, RATE_WARMUP_MS, 5000, (i) => report(mous[i % MOUS], i));
        line(`  (context) POST kpi-progress at ${half}/s, half the max throughput: ${describe(below)}`);
      }

      // (c) issue 13's headline: creates (which also ask partners about both parties) against the minimal durable service
      let cpuAt = cpuOf(stack.children);
      const creates = await closedLoop(CONCURRENCY, MAX_WARMUP_MS, CREATE_MS, () => http.post('/api/v1/mous', mouBody));
      line(`  POST /mous creates, ${CONCURRENCY} connections: ${describe(creates)}`);
      // Warm-up included: the consumers' share of the warm-up's creates is spent during the measured window anyway
      line(`    CPU per create (ms, warm-up included): ${cpuPerCommand(cpuAt, cpuOf(stack.children), creates.issued)}`);
      // (d) latency at half of what it just took
      const halfRate = Math.max(10, Math.round(creates.rate / 2));
      // Creates reach partners (it checks both parties) while it still mirrors the closed loop's events: drain first
      await quiet(nats.url, 'after the closed loop of creates');
      cpuAt = cpuOf(stack.children);
      const halfFrom = Date.now();
      const createsHalf = await openLoop(halfRate, RATE_WARMUP_MS, 5000, () => http.post('/api/v1/mous', mouBody));
      const halfTo = Date.now();
      await quiet(nats.url, 'after the half-rate creates');
      line(`  POST /mous at ${halfRate}/s, half the max: ${describe(createsHalf)}`);
      line(`    CPU per create, until the consumers are through (ms): ${cpuPerCommand(cpuAt, cpuOf(stack.children), createsHalf.issued)}`);
      line(`    event loops and GC meanwhile: ${loopStats(loopDir, halfFrom, halfTo)}`);

      const r = ratio(max.rate, echo.max.rate);
      record({
        part: '2a',
        name: `commands/s through the product, ${CONCURRENCY} connections (kpi-progress)`,
        value: `${int(max.rate)}/s (p50 ${max.p50.toFixed(1)} ms, p99 ${max.p99.toFixed(1)} ms)${max.errors ? `, ${max.errors} errors` : ''}`,
        baseline: `NATS echo ${int(echo.max.rate)}/s (p50 ${echo.max.p50.toFixed(2)} ms)`,
        ratio: r.toFixed(3),
        target: `ratio >= ${TARGET_RATIO}`,
        met: r >= TARGET_RATIO && max.errors === 0,
      });
      record({
        part: '2b',
        name: `p99 latency at ${RATE} commands/s for ${RATE_MS / 1000} s (kpi-progress)`,
        value: `p99 ${rated.p99.toFixed(1)} ms (p50 ${rated.p50.toFixed(1)} ms; ${int(rated.rate)}/s answered)${rated.errors ? `, ${rated.errors} errors` : ''}`,
        baseline: `NATS echo at ${RATE}/s: p50 ${echo.rated.p50.toFixed(2)} ms, p99 ${echo.rated.p99.toFixed(2)} ms`,
        ratio: '',
        target: `p99 < ${TARGET_P99_MS} ms`,
        met: rated.p99 < TARGET_P99_MS && rated.errors === 0,
      });
      if (below) {
        record({
          part: '2b',
          name: `p99 latency at half the max throughput (context: ${RATE}/s is more than the product takes here)`,
          value: `p99 ${below.p99.toFixed(1)} ms (p50 ${below.p50.toFixed(1)} ms) at ${int(below.rate)}/s`,
          baseline: '',
          ratio: '',
          target: '',
          met: null,
        });
      }
      const rd = ratio(creates.rate, durable.rate);
      record({
        part: '2c',
        name: `POST /mous through the product, ${CONCURRENCY} in flight`,
        value: `${int(creates.rate)}/s (p50 ${creates.p50.toFixed(1)} ms, p99 ${creates.p99.toFixed(1)} ms)${creates.errors ? `, ${creates.errors} errors` : ''}`,
        baseline: `minimal durable service ${int(durable.rate)}/s (p50 ${durable.p50.toFixed(1)} ms)`,
        ratio: rd.toFixed(2),
        target: `ratio >= ${TARGET_DURABLE_RATIO.toFixed(1)}`,
        met: rd >= TARGET_DURABLE_RATIO && creates.errors === 0,
      });
      record({
        part: '2d',
        name: `POST /mous p99 at half the max rate (${halfRate}/s offered)`,
        value: `p99 ${createsHalf.p99.toFixed(1)} ms (p50 ${createsHalf.p50.toFixed(1)} ms; ${int(createsHalf.rate)}/s answered)${createsHalf.errors ? `, ${createsHalf.errors} errors` : ''}`,
        baseline: '',
        ratio: '',
        target: `p99 < ${TARGET_HALF_P99_MS} ms`,
        met: createsHalf.p99 < TARGET_HALF_P99_MS && createsHalf.errors === 0,
      });

      heading('5. Stack readiness and memory');
      const rss = [...stack.children].map(([name, child]) => ({ name, kib: rssKiB(child.pid) }));
      const total = rss.reduce((sum, p) => sum + p.kib, 0);
      line(`  RSS after the load: ${rss.map((p) => `${p.name} ${(p.kib / 1024).toFixed(0)} MiB`).join(', ')}; total ${(total / 1024).toFixed(0)} MiB`);
      if (supervisor.length) line(`  supervisor: ${supervisor.join('; ')}`);
      record({
        part: '5',
        name: 'stack readiness (startStack → /health/ready 200)',
        value: `${(readyMs / 1000).toFixed(1)} s`,
        baseline: '',
        ratio: '',
        target: '',
        met: null,
      });
      record({
        part: '5',
        name: 'RSS of the whole embedded stack (gateway and every service) after the load',
        value: `${(total / 1024).toFixed(0)} MiB (${rss.map((p) => `${p.name} ${(p.kib / 1024).toFixed(0)}`).join(', ')})`,
        baseline: '',
        ratio: '',
        target: `< ${TARGET_RSS_MIB} MiB`,
        met: total / 1024 < TARGET_RSS_MIB,
      });
    } finally {
      await closePool();
      await stopStack();
    }
  } finally {
    await removeDir();
    await stopNats();
  }
}

/** Waits until every durable consumer has acknowledged everything (the mirrors are through the history), at most 5 minutes. */
async function quiet(url: string, after = 'with the history'): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    const started = performance.now();
    for (;;) {
      const b = await backlog(jsm);
      if (b.pending === 0 || performance.now() - started > 300_000) {
        line(`  consumers caught up ${after} in ${int(performance.now() - started)} ms (${b.pending} still unacknowledged)`);
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await nc.close();
  }
}
