import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { Decider, DomainEvent } from '@pmt/kernel';
import { pendingEvent } from '@pmt/event-store/testing';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import type { Doc, ReadModelStore } from '@pmt/read-model';
import { EmbeddedReadModelStore } from '@pmt/read-model-embedded';
import { tempDir } from '@pmt/testing';
import { aggregateProjection } from './aggregate-projection';
import type { AggregateDefinition } from './aggregate';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

type Event = DomainEvent<'Added', { n: number }>;
type State = { total: number; history: number[] };
const decider: Decider<never, Event, State> = {
  initialState: () => ({ total: 0, history: [] }),
  evolve: (s, e) => ({ total: s.total + e.data.n, history: [...s.history, e.data.n] }),
  decide: () => [],
};
const def: AggregateDefinition<never, Event, State> = { category: 'counter', collection: 'counters', decider };
const counters = aggregateProjection(def);

/** Reads the counters collection, which another projection writes, while it builds its own. */
const mirrors: Projection = {
  name: 'mirrors',
  collections: ['mirrors'],
  async apply(event, view) {
    const id = event.streamId.slice('counter-'.length);
    const counter = await view.get<Doc & { total: number }>('counters', id);
    view.put('mirrors', { id, seen: counter?.total ?? null });
  },
};

const COUNTERS = 30;
const EVENTS_EACH = 5;

/** Commits counted, and a commit that fails on demand (a crash half-way through a rebuild). */
function flaky(inner: ReadModelStore) {
  const state = { commits: 0, failAt: Infinity };
  const store: ReadModelStore = {
    get: (c, id) => inner.get(c, id),
    find: (c, f, o) => inner.find(c, f, o),
    count: (c, f) => inner.count(c, f),
    async commit(projection, checkpoint, changes) {
      if (++state.commits === state.failAt) throw new Error('crashed');
      await inner.commit(projection, checkpoint, changes);
    },
    checkpoint: (p) => inner.checkpoint(p),
    reset: (p, c) => inner.reset(p, c),
    close: () => inner.close(),
  };
  return { store, state };
}

/**
 * A store whose commits land a while after they are called, as one that writes on another thread or server does:
 * it takes the changes when called (as the port says), and counts how many commits are under way at once.
 */
function slow(inner: ReadModelStore) {
  const state = { underWay: 0, mostUnderWay: 0, checkpoints: [] as number[] };
  const store: ReadModelStore = {
    ...flaky(inner).store,
    async commit(projection, checkpoint, changes) {
      const taken = structuredClone(changes);
      state.mostUnderWay = Math.max(state.mostUnderWay, ++state.underWay);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await inner.commit(projection, checkpoint, taken);
        state.checkpoints.push(checkpoint);
      } finally {
        state.underWay--;
      }
    },
  };
  return { store, state };
}

describe('ProjectionRunner.rebuild', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: ReturnType<typeof openDatabase>;
  let events: SqliteEventStore;
  let readModel: EmbeddedReadModelStore;
  let head: number;
  const all = async (collection: string) => (await readModel.find(collection, {}, { limit: 1000 })).items;

  beforeEach(async () => {
    dir = tempDir('pmt-rebuild-');
    db = openDatabase(join(dir.path, 'svc.sqlite'));
    events = new SqliteEventStore(db);
    readModel = new EmbeddedReadModelStore(db);
    // Interleaved as a real log is: every counter is under way at once.
    for (let round = 1; round <= EVENTS_EACH; round++) {
      for (let c = 0; c < COUNTERS; c++) {
        const r = await events.append({ streamId: `counter-c${c}`, expectedVersion: 'any', events: [pendingEvent('Added', { n: round * 100 + c })] });
        head = r.position;
      }
    }
  });

  afterEach(async () => {
    await events.close();
    db.close();
    dir.remove();
  });

  async function buildLive(projections: Projection[]): Promise<void> {
    const live = new ProjectionRunner(events, readModel, projections);
    await live.start();
    expect(await live.waitFor(head, 5000)).toBe(true);
    await live.stop();
  }

  it('gives the documents built live, however often it commits on the way', async () => {
    await buildLive([counters]);
    const built = await all('counters');
    expect(built).toHaveLength(COUNTERS);

    for (const options of [{}, { readBatch: 7, maxDocuments: 4 }, { readBatch: 1, maxDocuments: 1 }]) {
      const { store, state } = flaky(readModel);
      const stats = await new ProjectionRunner(events, store, [counters]).rebuild(counters.name, options);
      expect(stats.events).toBe(COUNTERS * EVENTS_EACH);
      expect(await all('counters')).toEqual(built);
      expect(await readModel.checkpoint(counters.name)).toBe(head);
      if (options.maxDocuments) expect(state.commits).toBeGreaterThan(1);
    }
  });

  it('goes on folding while a commit is under way, reading its documents from memory, with one commit under way at most', async () => {
    // Runs of events of one counter: the event after a commit changes the document that commit is writing.
    for (let c = 0; c < 3; c++) {
      for (let n = 1; n <= 4; n++)
        head = (await events.append({ streamId: `counter-c${c}`, expectedVersion: 'any', events: [pendingEvent('Added', { n })] })).position;
    }
    await buildLive([counters]);
    const built = await all('counters');

    const { store, state } = slow(readModel);
    await new ProjectionRunner(events, store, [counters]).rebuild(counters.name, { readBatch: 1, maxDocuments: 1 });
    // A read of the store before the commit under way had landed would have folded onto an older document (or
    // none), and the totals would differ.
    expect(await all('counters')).toEqual(built);
    expect(state.mostUnderWay).toBe(1);
    expect(state.checkpoints.length).toBe(COUNTERS * EVENTS_EACH + 12);
    expect(state.checkpoints).toEqual([...state.checkpoints].sort((a, b) => a - b));
    expect(state.checkpoints[state.checkpoints.length - 1]).toBe(head);
  });

  it('stopped half-way, leaves documents in step with their checkpoint, and the runner catches up from there', async () => {
    await buildLive([counters]);
    const built = await all('counters');

    const { store, state } = flaky(readModel);
    state.failAt = 3;
    await expect(new ProjectionRunner(events, store, [counters]).rebuild(counters.name, { readBatch: 10, maxDocuments: 10 })).rejects.toThrow('crashed');

    // What was committed is exactly the fold of the events up to the checkpoint.
    const checkpoint = await readModel.checkpoint(counters.name);
    expect(checkpoint).toBeGreaterThan(0);
    expect(checkpoint).toBeLessThan(head);
    const upTo = (await events.readAll({ after: 0, limit: checkpoint })).filter((e) => e.globalPosition <= checkpoint);
    const expected = new Map<string, number[]>();
    for (const e of upTo)
      expected.set(e.streamId.slice('counter-'.length), [...(expected.get(e.streamId.slice('counter-'.length)) ?? []), (e.data as { n: number }).n]);
    const partial = (await all('counters')) as unknown as (State & { id: string })[];
    expect(new Map(partial.map((d) => [d.id, d.history]))).toEqual(expected);

    await buildLive([counters]);
    expect(await all('counters')).toEqual(built);
  });

  it('reads the documents of collections it does not rebuild from the store', async () => {
    await buildLive([counters, mirrors]);
    const { store } = flaky(readModel);
    await new ProjectionRunner(events, store, [counters, mirrors]).rebuild('mirrors', { maxDocuments: 7 });
    const mirrored = await all('mirrors');
    expect(mirrored).toHaveLength(COUNTERS);
    for (const m of mirrored) expect(m.seen).toBe((await readModel.get<Doc & { total: number }>('counters', m.id))?.total);
  });
});
