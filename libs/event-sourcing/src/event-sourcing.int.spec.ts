import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { conflict, newId, type Decider, type DomainEvent } from '@pmt/kernel';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { EmbeddedReadModelStore } from '@pmt/read-model-embedded';
import { tempDir } from '@pmt/testing';
import { join } from 'node:path';
import { aggregateProjection } from './aggregate-projection';
import type { AggregateDefinition } from './aggregate';
import { handleCommand, type CommandMeta } from './command-handler';
import { AggregateHistory } from './history';
import { ProjectionRunner } from './projection-runner';

// A counter that refuses to go past its limit: small enough to read, rich enough to conflict.
type Command = { type: 'Add'; n: number };
type Event = DomainEvent<'Added', { n: number }>;
type State = { status: 'none' | 'counting'; total: number };
const decider: Decider<Command, Event, State> = {
  initialState: () => ({ status: 'none', total: 0 }),
  evolve: (s, e) => ({ status: 'counting', total: s.total + e.data.n }),
  decide: (c, s) => {
    if (s.total + c.n > 100) throw conflict('COUNTER.FULL', `counter is at ${s.total}: adding ${c.n} passes 100`);
    return [{ type: 'Added', data: { n: c.n } }];
  },
};
const def: AggregateDefinition<Command, Event, State> = { category: 'counter', collection: 'counters', decider };

describe('the event-sourcing platform on SQLite', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: ReturnType<typeof openDatabase>;
  let store: SqliteEventStore;
  let readModel: EmbeddedReadModelStore;
  let runner: ProjectionRunner;
  const meta = (over: Partial<CommandMeta> = {}): CommandMeta => ({
    commandId: newId(),
    actor: 'tester',
    correlationId: newId(),
    now: new Date().toISOString(),
    ...over,
  });

  beforeEach(async () => {
    dir = tempDir('pmt-es-');
    db = openDatabase(join(dir.path, 'svc.sqlite'));
    store = new SqliteEventStore(db);
    readModel = new EmbeddedReadModelStore(db);
    runner = new ProjectionRunner(store, readModel, [aggregateProjection(def)]);
    await runner.start();
  });

  afterEach(async () => {
    await runner.stop();
    await store.close();
    db.close();
    dir.remove();
  });

  it('answers a repeated command id with the first result and appends nothing', async () => {
    const id = newId();
    const m = meta();
    const first = await handleCommand(store, def, id, { type: 'Add', n: 5 }, m);
    const again = await handleCommand(store, def, id, { type: 'Add', n: 5 }, m);
    expect(again).toMatchObject({ id, version: first.version, duplicate: true, state: { total: 5 } });
    expect(await store.streamVersion(`counter-${id}`)).toBe(1);
  });

  it('refuses a stale expected version as a precondition failure and writes nothing', async () => {
    const id = newId();
    await handleCommand(store, def, id, { type: 'Add', n: 1 }, meta());
    await handleCommand(store, def, id, { type: 'Add', n: 1 }, meta());
    await expect(handleCommand(store, def, id, { type: 'Add', n: 1 }, meta({ expectedVersion: 1 }))).rejects.toMatchObject({
      code: 'CONCURRENCY.STALE_VERSION',
      kind: 'precondition',
    });
    expect(await store.streamVersion(`counter-${id}`)).toBe(2);
  });

  it('re-decides concurrent commands against fresh state, so the invariant holds under contention', async () => {
    const id = newId();
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => handleCommand(store, def, id, { type: 'Add', n: 7 }, meta())));
    const applied = outcomes.filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [(o.reason as { code: string }).code] : []));
    // each command either applied, hit the limit, or gave up after its bounded retries; none slipped past the limit
    expect(new Set(refused).size).toBeLessThanOrEqual(2);
    for (const code of refused) expect(['COUNTER.FULL', 'CONCURRENCY.BUSY']).toContain(code);
    const events = await store.readStream(`counter-${id}`);
    expect(events).toHaveLength(applied);
    expect(applied * 7).toBeLessThanOrEqual(100);
    expect(applied).toBeGreaterThan(0);
  });

  it('answers after the projection shows the command, and a rebuild gives the same documents', async () => {
    const ids = [newId(), newId(), newId()];
    for (const id of ids) {
      for (let i = 1; i <= 4; i++) {
        const r = await handleCommand(store, def, id, { type: 'Add', n: i }, meta());
        expect(await runner.waitFor(r.position, 2000)).toBe(true);
        expect(await readModel.get('counters', id)).toMatchObject({ total: (i * (i + 1)) / 2, version: i });
      }
    }
    const before = await Promise.all(ids.map((id) => readModel.get('counters', id)));
    await runner.stop();
    const stats = await runner.rebuild('counters-current');
    expect(stats.events).toBe(12);
    expect(await Promise.all(ids.map((id) => readModel.get('counters', id)))).toEqual(before);
  });

  it('rebuilds a past state by version and by instant from the events alone', async () => {
    const id = newId();
    await handleCommand(store, def, id, { type: 'Add', n: 1 }, meta({ now: '2025-01-01T00:00:00.000Z' }));
    await handleCommand(store, def, id, { type: 'Add', n: 2 }, meta({ now: '2025-02-01T00:00:00.000Z' }));
    await handleCommand(store, def, id, { type: 'Add', n: 3 }, meta({ now: '2025-03-01T00:00:00.000Z' }));
    const history = new AggregateHistory(store, def, 'counter');
    expect((await history.stateAt(id, { version: 2 })).state).toMatchObject({ total: 3, version: 2 });
    expect((await history.stateAt(id, { asOf: '2025-02-15T00:00:00Z' })).state).toMatchObject({ total: 3, version: 2 });
    expect((await history.stateAt(id, { asOf: '2024-12-31T00:00:00Z' })).state).toBeNull();
    await expect(history.stateAt(id, { version: 9 })).rejects.toMatchObject({ code: 'HISTORY.VERSION_OUT_OF_RANGE' });
    expect(await history.verify(id)).toEqual({ valid: true, events: 3, firstInvalidVersion: null, sealedVersion: null, sealedAt: null, cause: null });
  });
});
