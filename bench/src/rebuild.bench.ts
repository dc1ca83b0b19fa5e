import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { aggregateProjection, ProjectionRunner } from '@pmt/event-sourcing';
import { openDatabase, SqliteEventStore, type Database } from '@pmt/event-store-sqlite';
import type { ReadModelStore } from '@pmt/read-model';
import { EmbeddedReadModelStore } from '@pmt/read-model-embedded';
import { mouResource, type MouEvent, type MouView } from '../../services/mous/src/mou';
import { mouAggregate } from '../../services/mous/src/mous.definition';
import { listQuery } from '../../services/mous/src/mou/transport/mou.routes';
import { onCleanup } from './cleanup';
import { interleavedAppends, ORG_A } from './mou-workload';
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
const TARGET_RATIO = 0.8;
/** Every filter the mous list endpoint can make: the paths a running service has indexed (rm_paths) by the time it is rebuilt. */
const SERVICE_QUERIES = [
  { status: 'active' },
  { collaborationLevel: 'strategic' },
  { organisationId: ORG_A },
  { leadTeam: 'IASA' },
  { expiringBefore: '2025-01-01' },
];

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

/** The baseline: every row of the file, read with iterate, folded with the MOU resource's evolve (what the projection folds) into a Map. */
function rawFold(file: string): { events: number; ms: number; states: Map<string, MouView> } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const started = performance.now();
    const states = new Map<string, MouView>();
    let events = 0;
    const rows = db.prepare('SELECT * FROM es_events ORDER BY global_position').raw(true).iterate() as IterableIterator<unknown[]>;
    for (const row of rows) {
      const streamId = row[2] as string;
      const event = { type: row[4], data: JSON.parse(row[12] as string) } as MouEvent;
      states.set(streamId, mouResource.evolve(states.get(streamId) ?? mouResource.initialState(), event));
      events++;
    }
    return { events, ms: performance.now() - started, states };
  } finally {
    db.close();
  }
}

const indexedPaths = (db: Database) => db.prepare('SELECT path FROM rm_paths ORDER BY path_id').pluck().all() as string[];

/** What the raw fold computed, kept small (a digest per MOU) so that it does not weigh on the rebuild's garbage collection. */
interface Folded {
  digests: Map<string, string>;
  byStatus: Map<string, number>;
  shallowPaths: string[];
}

function folded(states: Map<string, MouView>): Folded {
  const digests = new Map<string, string>();
  const byStatus = new Map<string, number>();
  for (const [streamId, state] of states) {
    digests.set(streamId.slice('mou-'.length), digest(state));
    byStatus.set(state.status, (byStatus.get(state.status) ?? 0) + 1);
  }
  return { digests, byStatus, shallowPaths: shallowPaths(states.values()) };
}

/** SHA-256 of the JSON with keys sorted, so that field order does not count. */
function digest(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sorted(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(sorted(JSON.parse(JSON.stringify(value)))))
    .digest('hex');
}

/** The rebuilt documents against the raw fold, every one of them, and the index against them (a probe finds every match). */
async function checkReadModel(readModel: ReadModelStore, fold: Folded): Promise<string> {
  const { collection } = mouAggregate;
  let mismatches = 0;
  for (const [id, expected] of fold.digests) {
    const doc = await readModel.get<{ id: string; version: number }>(collection, id);
    const { version: _version, ...state } = doc ?? { version: 0 };
    if (!doc || digest(state) !== expected) mismatches++;
  }
  const counted: string[] = [];
  for (const [status, n] of fold.byStatus) {
    const found = await readModel.count(collection, { status });
    counted.push(`${status} ${int(found)}${found === n ? '' : ` (fold: ${int(n)})`}`);
    if (found !== n) mismatches++;
  }
  const docs = await readModel.count(collection, {});
  return `${int(docs)} MOU documents (raw fold: ${int(fold.digests.size)}), ${mismatches} differing from the fold; by status: ${counted.join(', ')}`;
}

/** The paths of depth 1 or 2 that reach a string or number in some document. */
function shallowPaths(states: Iterable<MouView>): string[] {
  const paths = new Set<string>();
  const walk = (value: unknown, path: string, depth: number) => {
    if (typeof value === 'string' || typeof value === 'number') paths.add(path);
    else if (Array.isArray(value)) for (const e of value) walk(e, path, depth);
    else if (value && typeof value === 'object' && depth < 2) for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k, depth + 1);
  };
  for (const state of states) walk({ ...state, id: undefined, version: 1 }, '', 0);
  return [...paths].sort();
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
    line(
      `  filled ${int(filled.events)} MOU events (${int(filled.commands)} commands, ${LIVE_MOUS} MOUs under way at a time) in ${(filled.ms / 1000).toFixed(1)} s`,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');

    const readModel = timed(new EmbeddedReadModelStore(db));
    const projection = aggregateProjection(mouAggregate);
    const runner = new ProjectionRunner(store, readModel, [projection]);
    // The list queries a running service answers have indexed their paths; the rebuild keeps their keys.
    for (const params of SERVICE_QUERIES) await readModel.count(mouAggregate.collection, listQuery(params).filter);
    line(`  indexed paths (the mous list queries'): ${indexedPaths(db).join(', ')}`);

    // The raw fold first: the file was just written, so both read it from the page cache; the fill warmed the JIT.
    const raw = rawFold(file);
    line(`  raw fold: ${int(raw.events)} events in ${int(raw.ms)} ms = ${int((raw.events / raw.ms) * 1000)}/s`);
    const fold = folded(raw.states);
    raw.states.clear();
    const rebuild = await runner.rebuild(projection.name);
    line(`  rebuild:  ${int(rebuild.events)} events in ${int(rebuild.ms)} ms = ${int(rebuild.eventsPerSecond)}/s`);
    const { commitMs, commits, changes, getMs } = readModel.spent;
    line(
      `    of which EmbeddedReadModelStore.commit ${int(commitMs)} ms (${commits} commits, ${int(changes)} document writes, ${((commitMs / changes) * 1000).toFixed(0)} µs each), ` +
        `get ${int(getMs)} ms; the rest (read, fold, projection) ${int(rebuild.ms - commitMs - getMs)} ms`,
    );
    line(`  read model: ${await checkReadModel(readModel, fold)}`);

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

    // Context: the same rebuild with every path of depth 1 or 2 indexed, as if queries had used them all.
    const shallow = fold.shallowPaths;
    await readModel.reset(projection.name, projection.collections); // so that indexing the paths has no documents to go through
    for (const path of shallow) await readModel.count(mouAggregate.collection, { [path]: '' });
    const indexed = indexedPaths(db).length;
    const wide = await runner.rebuild(projection.name);
    line(
      `  rebuild with ${indexed} of the ${shallow.length} paths of depth <= 2 indexed: ${int(wide.events)} events in ${int(wide.ms)} ms = ${int(wide.eventsPerSecond)}/s`,
    );
    record({
      part: '3',
      name: `(context) rebuild with ${indexed} paths indexed (depth <= 2)`,
      value: `${int(wide.eventsPerSecond)}/s`,
      baseline: '',
      ratio: '',
      target: '',
      met: null,
    });
    await readModel.close();
    await store.close();
  } finally {
    await closeDb();
    await removeDir();
  }
}
