import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AppendRequest } from '@pmt/event-store';
import { openDatabase, SqliteEventStore, type Database } from '@pmt/event-store-sqlite';
import { chainHash, GENESIS_HASH } from '@pmt/kernel';
import { onCleanup } from './cleanup';
import { fixedSizeAppends } from './mou-workload';
import { heading, line, record } from './report';
import { int, ratio } from './stats';
import { tempDir } from './testing';

const EVENTS_PER_COMMAND = 2;
const LIVE_MOUS = 1000;
/** Each side runs this long, twice, alternating with the other, so that drift in the disk hits both alike. */
const PHASE_MS = 3000;
const PHASES = 2;
const WARMUP_COMMANDS = 300;
const TARGET_RATIO = 0.7;

type EventParams = [string, string, number, string, number, string, string, string, string, string, string | null, string, string];

/** A command for the raw loop: exactly the rows SqliteEventStore would write, computed beforehand. */
interface RawCommand {
  events: EventParams[];
  commandId: string;
  streamId: string;
  version: number;
}

const INSERT_EVENT = `INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason, data, hash)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function rawRows(requests: AppendRequest[]): RawCommand[] {
  const heads = new Map<string, string>();
  const recordedAt = new Date().toISOString();
  return requests.map((r) => {
    const base = r.expectedVersion as number;
    let previous = heads.get(r.streamId) ?? GENESIS_HASH;
    const events = r.events.map((e, i): EventParams => {
      const data = JSON.stringify(e.data);
      const streamVersion = base + i + 1;
      const hash = chainHash(previous, { ...e, streamId: r.streamId, streamVersion, recordedAt, data: JSON.parse(data) });
      previous = hash;
      return [
        e.id,
        r.streamId,
        streamVersion,
        e.type,
        e.schemaVersion,
        e.occurredAt,
        recordedAt,
        e.actor,
        e.correlationId,
        e.causationId,
        e.reason ?? null,
        data,
        hash,
      ];
    });
    heads.set(r.streamId, previous);
    return { events, commandId: r.commandId as string, streamId: r.streamId, version: base + r.events.length };
  });
}

/** The baseline: the same rows, one BEGIN IMMEDIATE … COMMIT per command, nothing else. */
function rawAppender(db: Database): (c: RawCommand) => void {
  const insertEvent = db.prepare<EventParams>(INSERT_EVENT);
  const insertCommand = db.prepare<[string, string, number, number]>('INSERT INTO es_commands (command_id, stream_id, version, position) VALUES (?, ?, ?, ?)');
  const tx = db.transaction((c: RawCommand) => {
    let position = 0;
    for (const e of c.events) position = Number(insertEvent.run(...e).lastInsertRowid);
    insertCommand.run(c.commandId, c.streamId, c.version, position);
  });
  return (c) => tx.immediate(c);
}

/** Runs `step` on items from `from` until the time is up or the items run out; returns how many ran. */
async function timed(count: number, from: number, budgetMs: number, step: (i: number) => unknown): Promise<{ done: number; ms: number }> {
  const started = performance.now();
  let i = from;
  while (i < count && performance.now() - started < budgetMs) await step(i++);
  return { done: i - from, ms: performance.now() - started };
}

export async function benchAppend(): Promise<void> {
  heading('1. Append throughput: SqliteEventStore.append vs raw better-sqlite3 inserts (WAL, synchronous=FULL, 1 transaction per command)');
  const dir = tempDir('pmt-bench-append-');
  const removeDir = onCleanup(() => dir.remove());
  const storeDb = openDatabase(join(dir.path, 'store.sqlite'));
  const rawDb = openDatabase(join(dir.path, 'raw.sqlite'));
  const closeDbs = onCleanup(() => {
    storeDb.close();
    rawDb.close();
  });
  try {
    const store = new SqliteEventStore(storeDb);
    // the raw file gets the store's own schema (same tables, same indexes), then is written without the store
    await new SqliteEventStore(rawDb).close();
    const rawAppend = rawAppender(rawDb);

    // Calibrate on the raw loop, so that both sides get enough prepared commands for their phases.
    const probe = rawRows(take(fixedSizeAppends(EVENTS_PER_COMMAND, 50, 1), WARMUP_COMMANDS));
    const calibration = await timed(probe.length, 0, 10_000, (i) => rawAppend(probe[i]));
    const estimate = (calibration.done / calibration.ms) * 1000;
    // Generous: the disk's fsync time varies a lot from one moment to the next on a shared VM.
    const needed = Math.min(150_000, Math.max(10_000, Math.ceil(estimate * (PHASE_MS / 1000) * PHASES * 3) + WARMUP_COMMANDS));
    const requests = take(fixedSizeAppends(EVENTS_PER_COMMAND, LIVE_MOUS, 42), needed);
    const rows = rawRows(requests);
    line(
      `  ${int(needed)} commands of ${EVENTS_PER_COMMAND} MOU events each (${LIVE_MOUS} MOUs interleaved), each with a commandId; raw loop calibrated at ~${int(estimate)} commands/s`,
    );

    // Warm-up: the first commands of each side are not measured.
    await timed(WARMUP_COMMANDS, 0, 60_000, (i) => store.append(requests[i]));
    await timed(WARMUP_COMMANDS, 0, 60_000, (i) => rawAppend(rows[i]));
    let storeNext = WARMUP_COMMANDS;
    let rawNext = WARMUP_COMMANDS;
    const totals = { store: { done: 0, ms: 0 }, raw: { done: 0, ms: 0 } };
    for (let phase = 0; phase < PHASES; phase++) {
      const s = await timed(requests.length, storeNext, PHASE_MS, (i) => store.append(requests[i]));
      storeNext += s.done;
      totals.store.done += s.done;
      totals.store.ms += s.ms;
      const r = await timed(rows.length, rawNext, PHASE_MS, (i) => rawAppend(rows[i]));
      rawNext += r.done;
      totals.raw.done += r.done;
      totals.raw.ms += r.ms;
    }
    const storeRate = (totals.store.done / totals.store.ms) * 1000;
    const rawRate = (totals.raw.done / totals.raw.ms) * 1000;
    line(
      `  SqliteEventStore.append: ${int(totals.store.done)} commands in ${(totals.store.ms / 1000).toFixed(1)} s = ${int(storeRate)} commands/s (${int(storeRate * EVENTS_PER_COMMAND)} events/s)`,
    );
    line(
      `  raw inserts:             ${int(totals.raw.done)} commands in ${(totals.raw.ms / 1000).toFixed(1)} s = ${int(rawRate)} commands/s (${int(rawRate * EVENTS_PER_COMMAND)} events/s)`,
    );

    // Context for what dominates: the same raw loop without the fsync of each commit.
    const spare = rawRows(take(fixedSizeAppends(EVENTS_PER_COMMAND, LIVE_MOUS, 9), 3000));
    rawDb.pragma('synchronous = OFF');
    const noSync = await timed(spare.length, 0, 1000, (i) => rawAppend(spare[i]));
    rawDb.pragma('synchronous = FULL');
    if (noSync.done > 0)
      line(
        `  (context) raw inserts with synchronous=OFF: ${int((noSync.done / noSync.ms) * 1000)} commands/s: the cost of the fsync per commit is the difference`,
      );

    const r = ratio(storeRate, rawRate);
    record({
      part: '1',
      name: 'append, commands/s (2 events + commandId per transaction)',
      value: `${int(storeRate)}/s`,
      baseline: `raw inserts ${int(rawRate)}/s`,
      ratio: r.toFixed(2),
      target: `ratio >= ${TARGET_RATIO}`,
      met: r >= TARGET_RATIO,
    });
    await store.close();
  } finally {
    await closeDbs();
    await removeDir();
  }
}

function take<T>(source: Iterator<T>, n: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    const next = source.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}
