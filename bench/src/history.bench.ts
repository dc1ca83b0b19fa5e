import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sign } from 'jsonwebtoken';
import { connect } from 'nats';
import { Pool } from 'undici';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { newId } from '@pmt/kernel';
import { onCleanup, trackChild } from './cleanup';
import { longMouLife, pendingEvents } from './mou-workload';
import { cpuOf, startStack } from './product.bench';
import { heading, line, record } from './report';
import { int, median, percentile, sortedCopy } from './stats';
import { freePort, startNatsServer, tempDir } from './testing';

const EVENTS = 20_000;
const PAGE = 100;
const PAGE_WINDOW_MS = 5_000;
const EXPORT_RUNS = 5;
const PAGE_P99_TARGET_MS = 20;
const EXPORT_RATIO_TARGET = 0.5;

/**
 * 7. History of one 20,000-event MOU stream through the gateway and the mous service (the other services are
 * not started: history needs only these two): a page of history, p50/p99 at random positions; and the whole
 * JSON export, events/s against reading the same rows raw from the same SQLite file in the same run.
 */
export async function benchHistory(): Promise<void> {
  heading(`7. History of a ${int(EVENTS)}-event MOU: a page (GET …/history?limit=${PAGE}) and the whole export, through gateway → NATS → mous`);
  const nats = await startNatsServer();
  const stopNats = onCleanup(() => nats.stop());
  const dir = tempDir('pmt-bench-history-');
  const removeDir = onCleanup(() => dir.remove());
  try {
    const mouId = newId();
    const file = join(dir.path, 'mous.sqlite');
    const { events, bytes } = await fill(file, mouId);
    line(
      `  ${int(events)} events in mous-${mouId} (${(bytes / 1e6).toFixed(1)} MB of event rows), appended before the services start; load average ${loadavg()[0].toFixed(1)}`,
    );

    const port = await freePort();
    const secret = randomBytes(24).toString('hex');
    const logs: string[] = [];
    const stack = await startStack({
      env: {
        PORT: String(port),
        NATS_URL: nats.url,
        DATA_DIR: dir.path,
        AUTH_JWT_SECRET: secret,
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
        // BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of the gateway and the mous service there when they stop
        ...(process.env.BENCH_PROFILE_DIR
          ? { BENCH_PROFILE_DIR: resolve(process.env.BENCH_PROFILE_DIR), NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.js')}` }
          : {}),
      },
      onLine: (name, text) => logs.push(`[${name}] ${text}`),
      readyTimeoutMs: 60_000,
      services: ['mous'],
      readyPath: '/health/live',
    });
    const stopStack = onCleanup(() => stack.stop());
    for (const child of stack.children.values()) trackChild(child);
    if (!stack.ready) throw new Error(`the gateway did not start:\n${logs.slice(-40).join('\n')}`);
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 1, pipelining: 1 });
    const closePool = onCleanup(() => pool.close());
    try {
      const token = sign({ sub: 'auditor@bench.example', roles: ['auditor'] }, secret, { algorithm: 'HS256', expiresIn: '1h' });
      const get = async (path: string) => {
        const res = await pool.request({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } });
        const text = await res.body.text();
        if (res.statusCode !== 200) throw new Error(`GET ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
        return text;
      };
      const base = `/api/v1/mous/${mouId}/history`;
      await waitFor(() => get(`${base}?limit=1`));
      await relayDone(nats.url, events);

      // every page's cursor, read once in order; then pages at random positions, one request at a time
      const cursors: (string | null)[] = [null];
      for (
        let c: string | null = JSON.parse(await get(`${base}?limit=${PAGE}`)).nextCursor;
        c;
        c = JSON.parse(await get(`${base}?limit=${PAGE}&cursor=${encodeURIComponent(c)}`)).nextCursor
      )
        cursors.push(c);
      const times: number[] = [];
      const until = performance.now() + PAGE_WINDOW_MS;
      let seed = 7;
      while (performance.now() < until) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        const c = cursors[seed % cursors.length];
        const t = performance.now();
        await get(`${base}?limit=${PAGE}${c ? `&cursor=${encodeURIComponent(c)}` : ''}`);
        times.push(performance.now() - t);
      }
      const sorted = sortedCopy(times);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      line(
        `  ${cursors.length} pages of ${PAGE}; ${int(times.length)} page reads in ${PAGE_WINDOW_MS / 1000} s, 1 connection: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
      );
      record({
        part: '7',
        name: `history page (${PAGE} events) of a ${int(EVENTS)}-event stream, p99`,
        value: `${p99.toFixed(1)} ms (p50 ${p50.toFixed(1)} ms)`,
        baseline: '',
        ratio: '',
        target: `p99 < ${PAGE_P99_TARGET_MS} ms`,
        met: p99 < PAGE_P99_TARGET_MS,
      });

      // the export, whole, against the same rows read raw from SQLite (alternating, so both see the same machine)
      const raw = openDatabase(file);
      const closeRaw = onCleanup(() => void raw.close());
      const select = raw.prepare('SELECT * FROM es_events WHERE stream_id = ? ORDER BY stream_version').raw(true);
      const exportRates: number[] = [];
      const rawRates: number[] = [];
      const csvRates: number[] = [];
      // CPU each process spent on the measured JSON exports, summed, to see where the time goes
      const cpu = new Map<string, number>();
      for (let run = 0; run <= EXPORT_RUNS; run++) {
        const cpuBefore = cpuOf(stack.children);
        const clientBefore = process.cpuUsage();
        let t = performance.now();
        const body = await get(`${base}/export?format=json`);
        const exportMs = performance.now() - t;
        const client = process.cpuUsage(clientBefore);
        if (run > 0) {
          for (const [name, seconds] of cpuOf(stack.children)) cpu.set(name, (cpu.get(name) ?? 0) + seconds - (cpuBefore.get(name) ?? 0));
          cpu.set('bench client', (cpu.get('bench client') ?? 0) + (client.user + client.system) / 1e6);
        }
        const json = JSON.parse(body) as { events: unknown[]; verification: { valid: boolean } };
        if (json.events.length < events || !json.verification.valid)
          throw new Error(`the export held ${json.events.length} events, valid ${json.verification.valid}`);
        t = performance.now();
        const rows = select.all(`mou-${mouId}`);
        const rawMs = performance.now() - t;
        if (rows.length !== json.events.length) throw new Error(`the raw read found ${rows.length} rows`);
        t = performance.now();
        const csv = await get(`${base}/export?format=csv`);
        const csvMs = performance.now() - t;
        if (csv.length === 0) throw new Error('empty CSV export');
        if (run === 0) continue; // warm-up
        exportRates.push(rows.length / (exportMs / 1000));
        rawRates.push(rows.length / (rawMs / 1000));
        csvRates.push(rows.length / (csvMs / 1000));
      }
      await closeRaw();
      const rate = median(exportRates);
      const rawRate = median(rawRates);
      line(
        `  JSON export (until the client has the whole body): median ${int(rate)} events/s (${((EVENTS / rate) * 1000).toFixed(0)} ms) of ${EXPORT_RUNS}; CSV ${int(median(csvRates))} events/s; raw SELECT of the same rows ${int(rawRate)} events/s (${((EVENTS / rawRate) * 1000).toFixed(0)} ms)`,
      );
      line(
        `    CPU per JSON export (mean of ${EXPORT_RUNS}, /proc, 10 ms ticks): ${[...cpu].map(([name, seconds]) => `${name} ${((seconds / EXPORT_RUNS) * 1000).toFixed(0)} ms`).join(', ')}`,
      );
      record({
        part: '7',
        name: `export of a ${int(EVENTS)}-event stream (JSON, median of ${EXPORT_RUNS})`,
        value: `${int(rate)} events/s`,
        baseline: `raw SELECT ${int(rawRate)} events/s`,
        ratio: (rate / rawRate).toFixed(2),
        target: `ratio ≥ ${EXPORT_RATIO_TARGET}`,
        met: rate / rawRate >= EXPORT_RATIO_TARGET,
      });
    } finally {
      await closePool();
      await stopStack();
    }
  } finally {
    await stopNats();
    await removeDir();
  }
}

/** The MOU's events, appended as the service would have (same envelopes and hash chain); returns the rows' bytes. */
/** Appends one long MOU life of `total` events to `file` (one transaction), before any service opens it. */
export async function fill(
  file: string,
  mouId: string,
  total = EVENTS,
  start = Date.parse('2020-01-06T02:00:00Z'),
): Promise<{ events: number; bytes: number }> {
  const db = openDatabase(file);
  try {
    const store = new SqliteEventStore(db);
    let version = 0;
    db.exec('BEGIN');
    for (const decided of longMouLife(mouId, total, start)) {
      const commandId = newId();
      await store.append({ streamId: `mou-${mouId}`, expectedVersion: version, commandId, events: pendingEvents(decided.events, decided.now, commandId) });
      version += decided.events.length;
    }
    db.exec('COMMIT');
    const bytes = db.prepare<[], number>('SELECT sum(length(data) + length(hash) + 300) FROM es_events').pluck(true).get() ?? 0;
    return { events: version, bytes };
  } finally {
    db.close();
  }
}

async function waitFor(attempt: () => Promise<unknown>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await attempt();
      return;
    } catch (e) {
      if (i > 150) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** Waits until the mous relay has published the history to JetStream, so that it does not compete with the measurement. */
export async function relayDone(url: string, events: number): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    const deadline = Date.now() + 120_000;
    for (;;) {
      const names: string[] = [];
      for await (const s of jsm.streams.list()) names.push(s.config.name);
      let messages = 0;
      for (const n of names) messages += (await jsm.streams.info(n)).state.messages;
      if (messages >= events || Date.now() > deadline) {
        line(`  the mous relay published ${int(messages)} events to JetStream before the measurement`);
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await nc.close();
  }
}
