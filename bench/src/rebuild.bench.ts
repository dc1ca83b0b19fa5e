import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { aggregateProjection, ProjectionRunner } from '@pmt/event-sourcing';
import { openDatabase, SqliteEventStore, type Database } from '@pmt/event-store-sqlite';
import type { ReadModelStore } from '@pmt/read-model';
import { EmbeddedReadModelStore } from '@pmt/read-model-embedded';
import { mouDecider, type MouEvent, type MouState } from '../../services/mous/src/mou';
import { mouAggregate } from '../../services/mous/src/mous.definition';
import { onCleanup } from './cleanup';
import { interleavedAppends } from './mou-workload';
import { heading, line, record } from './report';
import { int, ratio } from './stats';
import { tempDir } from './testing';

const EVENTS = 200_000;
/**
 * MOUs under way at once. A real log interleaves the lives of many MOUs, so a batch of the rebuild touches many
 * documents and each document is written in several batches; the more MOUs under way, the more writes.
 */
const LIVE_MOUS = 1_000;
const TARGET_RATE = 100_000;
const TARGET_RATIO = 0.5;

/**
 * Fills the store through SqliteEventStore.append, one append per command as the mous service makes them,
 * grouped into outer transactions (savepoints inside) only so that the fill does not wait for an fsync per command.
 */
async function fill(db: Database, store: SqliteEventStore): Promise<{ events: number; commands: number; ms: number }> {
  const started = performance.now();
  let events = 0;
  let commands = 0;
  db.exec('BEGIN');
  try {
    for (const request of interleavedAppends(EVENTS, LIVE_MOUS, 7)) {
      await store.append(request);
      events += request.events.length;
      if (++commands % 2000 === 0) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
  return { events, commands, ms: performance.now() - started };
}

/** The read model with its time in commit (writes) and get (reads) added up, to say what the rebuild spends. */
function timed(inner: ReadModelStore): ReadModelStore & { spent: { commitMs: number; commits: number; changes: number; getMs: number } } {
  const spent = { commitMs: 0, commits: 0, changes: 0, getMs: 0 };
  return {
    spent,
    async get(collection, id) {
      const t = performance.now();
      try {
        return await inner.get(collection, id);
      } finally {
        spent.getMs += performance.now() - t;
      }
    },
    find: (collection, filter, options) => inner.find(collection, filter, options),
    count: (collection, filter) => inner.count(collection, filter),
    async commit(projection, checkpoint, changes) {
      const t = performance.now();
      try {
        await inner.commit(projection, checkpoint, changes);
      } finally {
        spent.commitMs += performance.now() - t;
        spent.commits++;
        spent.changes += changes.length;
      }
    },
    checkpoint: (projection) => inner.checkpoint(projection),
    reset: (projection, collections) => inner.reset(projection, collections),
    close: () => inner.close(),
  } as ReadModelStore & { spent: typeof spent };
}

/** The baseline: every row of the file, read with iterate, folded with mouDecider.evolve into a Map. */
function rawFold(file: string): { events: number; ms: number; states: Map<string, MouState> } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const started = performance.now();
    const states = new Map<string, MouState>();
    let events = 0;
    const rows = db.prepare('SELECT * FROM es_events ORDER BY global_position').raw(true).iterate() as IterableIterator<unknown[]>;
    for (const row of rows) {
      const streamId = row[2] as string;
      const event = { type: row[4], data: JSON.parse(row[12] as string) } as MouEvent;
      states.set(streamId, mouDecider.evolve(states.get(streamId) ?? mouDecider.initialState(), event));
      events++;
    }
    return { events, ms: performance.now() - started, states };
  } finally {
    db.close();
  }
}

export async function benchRebuild(): Promise<void> {
  heading(`3. Projection rebuild: ProjectionRunner.rebuild(mous-current) on EmbeddedReadModelStore vs a raw iterate + evolve fold`);
  const dir = tempDir('pmt-bench-rebuild-');
  const removeDir = onCleanup(() => dir.remove());
  const file = join(dir.path, 'mous.sqlite');
  const db = openDatabase(file);
  const closeDb = onCleanup(() => void db.close());
  try {
    const store = new SqliteEventStore(db);
    const filled = await fill(db, store);
    line(`  filled ${int(filled.events)} MOU events (${int(filled.commands)} commands, ${LIVE_MOUS} MOUs under way at a time) in ${(filled.ms / 1000).toFixed(1)} s`);
    db.pragma('wal_checkpoint(TRUNCATE)');

    const readModel = timed(new EmbeddedReadModelStore(db));
    const projection = aggregateProjection(mouAggregate);
    const runner = new ProjectionRunner(store, readModel, [projection]);

    // The raw fold first: the file was just written, so both read it from the page cache; the fill warmed the JIT.
    const raw = rawFold(file);
    line(`  raw fold: ${int(raw.events)} events in ${int(raw.ms)} ms = ${int((raw.events / raw.ms) * 1000)}/s`);
    const rebuild = await runner.rebuild(projection.name);
    line(`  rebuild:  ${int(rebuild.events)} events in ${int(rebuild.ms)} ms = ${int(rebuild.eventsPerSecond)}/s`);
    const { commitMs, commits, changes, getMs } = readModel.spent;
    line(
      `    of which EmbeddedReadModelStore.commit ${int(commitMs)} ms (${commits} batches, ${int(changes)} document writes, ${((commitMs / changes) * 1000).toFixed(0)} µs each), ` +
        `get ${int(getMs)} ms; the rest (read, fold, projection) ${int(rebuild.ms - commitMs - getMs)} ms`,
    );

    // Sanity: the rebuilt read model holds what the raw fold computed.
    const docs = await readModel.count(mouAggregate.collection, {});
    let mismatches = 0;
    for (const [streamId, state] of [...raw.states].slice(0, 200)) {
      const doc = await readModel.get<{ id: string; status: string }>(mouAggregate.collection, streamId.slice('mou-'.length));
      if (!doc || doc.status !== state.status) mismatches++;
    }
    line(`  read model: ${int(docs)} MOU documents (raw fold: ${int(raw.states.size)} MOUs); status mismatches in a sample of 200: ${mismatches}`);

    const rate = rebuild.eventsPerSecond;
    const rawRate = (raw.events / raw.ms) * 1000;
    const r = ratio(rate, rawRate);
    record({
      part: '3',
      name: `projection rebuild, events/s (${int(rebuild.events)} events)`,
      value: `${int(rate)}/s`,
      baseline: '',
      ratio: '',
      target: `>= ${int(TARGET_RATE)}/s`,
      met: rate >= TARGET_RATE,
    });
    record({
      part: '3',
      name: 'projection rebuild vs raw iterate + evolve',
      value: `${int(rate)}/s`,
      baseline: `raw fold ${int(rawRate)}/s`,
      ratio: r.toFixed(2),
      target: `ratio >= ${TARGET_RATIO}`,
      met: r >= TARGET_RATIO,
    });
    await readModel.close();
    await store.close();
  } finally {
    await closeDb();
    await removeDir();
  }
}
