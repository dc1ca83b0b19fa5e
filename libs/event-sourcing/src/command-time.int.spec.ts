import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, newId, type Decider, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import type { EventStore } from '@pmt/event-store';
import { openDatabase, SqliteEventStore, type Database } from '@pmt/event-store-sqlite';
import { tempDir } from '@pmt/testing';
import type { AggregateDefinition } from './aggregate';
import { handleCommand, type CommandMeta } from './command-handler';

type Command = { type: 'Note'; text: string; now?: string };
type Event = DomainEvent<'Noted', { text: string; at: string | null }>;
type State = { notes: number };
const decider: Decider<Command, Event, State> = {
  initialState: () => ({ notes: 0 }),
  evolve: (s) => ({ notes: s.notes + 1 }),
  decide: (c) => [{ type: 'Noted', data: { text: c.text, at: c.now ?? null } }],
};
const def: AggregateDefinition<Command, Event, State> = { category: 'journal', collection: 'journals', decider };

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-01T00:00:10.000Z';
const T2 = '2025-01-01T00:00:20.000Z';
const T3 = '2025-01-01T00:00:30.000Z';

/**
 * Business time within a stream never runs backwards, retries after a version conflict included. Two writers
 * on two connections to one SQLite file; the second captured its `now` (earlier than the first's) before the
 * first appended, so its first append conflicts and it retries.
 */
describe('occurredAt of one stream, under a conflict between two writers', () => {
  let dir: ReturnType<typeof tempDir>;
  let dbA: Database;
  let dbB: Database;
  let storeA: SqliteEventStore;
  let storeB: SqliteEventStore;

  beforeEach(() => {
    dir = tempDir('pmt-es-time-');
    const file = join(dir.path, 'svc.sqlite');
    dbA = openDatabase(file);
    dbB = openDatabase(file);
    storeA = new SqliteEventStore(dbA);
    storeB = new SqliteEventStore(dbB);
  });

  afterEach(async () => {
    await storeA.close();
    await storeB.close();
    dbA.close();
    dbB.close();
    dir.remove();
  });

  const meta = (now: string, over: Partial<CommandMeta> = {}): CommandMeta => ({ commandId: newId(), actor: 'tester', correlationId: newId(), now, ...over });

  /** B's store: its first append waits until A has read, decided and appended on the other connection. */
  function interleaved(store: EventStore, before: () => Promise<unknown>): EventStore & { appends: number } {
    const wrapped = Object.create(store) as EventStore & { appends: number };
    wrapped.appends = 0;
    wrapped.append = async (request) => {
      if (wrapped.appends++ === 0) await before();
      return store.append(request);
    };
    return wrapped;
  }

  async function expectTimeOrdered(streamId: string, events: StoredEvent[]) {
    for (let i = 1; i < events.length; i++) expect(Date.parse(events[i].occurredAt)).toBeGreaterThanOrEqual(Date.parse(events[i - 1].occurredAt));
    // asOf an instant cuts a prefix holding every event that occurred by then
    for (const instant of [T0, T1, T2, T3]) {
      const cut = await storeA.readStream(streamId, { asOf: instant });
      expect(cut.map((e) => e.streamVersion)).toEqual(events.filter((e) => Date.parse(e.occurredAt) <= Date.parse(instant)).map((e) => e.streamVersion));
    }
  }

  it('dates the retried event no earlier than the event it lost to, when its clock is behind', async () => {
    const id = newId();
    const streamId = `journal-${id}`;
    await handleCommand(storeA, def, id, { type: 'Note', text: 'opened' }, meta(T0));
    // B's clock is behind A's and stays there: reading it again does not help, the stream's order must
    const clockB = new ManualClock(T1);
    const storeBInterleaved = interleaved(storeB, () => handleCommand(storeA, def, id, { type: 'Note', text: 'A' }, meta(T2)));

    const b = await handleCommand(storeBInterleaved, def, id, { type: 'Note', text: 'B' }, meta(T1, { clock: clockB }));
    expect(storeBInterleaved.appends).toBe(2);
    expect(b.version).toBe(3);

    const events = await storeA.readStream(streamId);
    expect(events.map((e) => (e.data as { text: string }).text)).toEqual(['opened', 'A', 'B']);
    expect(events.map((e) => e.occurredAt)).toEqual([T0, T2, T2]);
    await expectTimeOrdered(streamId, events);
  });

  it('reads the clock again for the retry and builds the command at that instant', async () => {
    const id = newId();
    const streamId = `journal-${id}`;
    await handleCommand(storeA, def, id, { type: 'Note', text: 'opened' }, meta(T0));
    const clockB = new ManualClock(T1);
    const storeBInterleaved = interleaved(storeB, async () => {
      await handleCommand(storeA, def, id, { type: 'Note', text: 'A' }, meta(T2));
      clockB.set(T3);
    });

    await handleCommand(storeBInterleaved, def, id, (now): Command => ({ type: 'Note', text: 'B', now }), meta(T1, { clock: clockB }));
    const events = await storeA.readStream(streamId);
    expect(events.map((e) => e.occurredAt)).toEqual([T0, T2, T3]);
    // the decision was remade at the retry's instant, so what the event says matches when it occurred
    expect(events[2].data).toEqual({ text: 'B', at: T3 });
    await expectTimeOrdered(streamId, events);
  });

  it('keeps a backdated command in order too: Occurred-At before the last event is refused on the retry', async () => {
    const id = newId();
    await handleCommand(storeA, def, id, { type: 'Note', text: 'opened' }, meta(T0));
    const storeBInterleaved = interleaved(storeB, () => handleCommand(storeA, def, id, { type: 'Note', text: 'A' }, meta(T2)));
    await expect(handleCommand(storeBInterleaved, def, id, { type: 'Note', text: 'B' }, meta(T3, { occurredAt: T1 }))).rejects.toMatchObject({
      code: 'COMMAND.OCCURRED_BEFORE_LAST',
    });
    expect((await storeA.readStream(`journal-${id}`)).map((e) => e.occurredAt)).toEqual([T0, T2]);
  });
});
