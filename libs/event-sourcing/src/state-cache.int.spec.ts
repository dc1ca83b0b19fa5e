import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { conflict, newId, type Decider, type DomainEvent } from '@pmt/kernel';
import type { EventStore } from '@pmt/event-store';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { tempDir } from '@pmt/testing';
import type { AggregateDefinition } from './aggregate';
import { handleCommand, type CommandMeta } from './command-handler';
import { StateCache } from './state-cache';

// A counter that refuses to pass 100: whether a command is accepted depends on every event before it.
type Command = { type: 'Add'; n: number };
type Event = DomainEvent<'Added', { n: number }>;
type State = { total: number };
const decider: Decider<Command, Event, State> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.n }),
  decide: (c, s) => {
    if (s.total + c.n > 100) throw conflict('COUNTER.FULL', `counter is at ${s.total}: adding ${c.n} passes 100`);
    return [{ type: 'Added', data: { n: c.n } }];
  },
};
const def: AggregateDefinition<Command, Event, State> = { category: 'counter', collection: 'counters', decider };
const meta = (over: Partial<CommandMeta> = {}): CommandMeta => ({
  commandId: newId(),
  actor: 'tester',
  correlationId: newId(),
  now: new Date().toISOString(),
  ...over,
});
const add = (store: EventStore, id: string, n: number, over: Partial<CommandMeta> = {}) => handleCommand(store, def, id, { type: 'Add', n }, meta(over));

/** Two connections to one file, as two processes (or a service and an admin script) would have them. */
describe('decider states kept between commands', () => {
  let dir: ReturnType<typeof tempDir>;
  let one: SqliteEventStore;
  let other: SqliteEventStore;

  beforeEach(() => {
    dir = tempDir('pmt-state-cache-');
    const file = join(dir.path, 'svc.sqlite');
    one = new SqliteEventStore(openDatabase(file), { closeDatabase: true });
    other = new SqliteEventStore(openDatabase(file), { closeDatabase: true });
  });

  afterEach(async () => {
    await one.close();
    await other.close();
    dir.remove();
  });

  it('decides on what another connection appended since, not on the state it kept', async () => {
    const id = newId();
    await add(one, id, 10);
    await add(one, id, 10);
    await add(other, id, 70);
    // a kept state of 20 would accept this; the stream is at 90
    await expect(add(one, id, 20)).rejects.toMatchObject({ code: 'COUNTER.FULL' });
    const last = await add(one, id, 10);
    expect(last).toMatchObject({ version: 4, state: { total: 100 } });
    expect((await one.readStream(`counter-${id}`)).map((e) => e.data)).toEqual([{ n: 10 }, { n: 10 }, { n: 70 }, { n: 10 }]);
  });

  it('still refuses a write that another connection made between the read and the append, and decides again', async () => {
    const id = newId();
    await add(one, id, 40);
    let interleaved = false;
    let otherAdds = 50;
    // the other connection appends once, after this one has decided and before its append
    const racing: EventStore = Object.create(one, {
      append: {
        value: async (request: Parameters<EventStore['append']>[0]) => {
          if (!interleaved) {
            interleaved = true;
            await add(other, id, otherAdds);
          }
          return one.append(request);
        },
      },
    });
    await expect(add(racing, id, 30)).rejects.toMatchObject({ code: 'COUNTER.FULL' });
    // decided against 40, refused by the expected version, decided again against 90: only the other write kept
    expect((await one.readStream(`counter-${id}`)).map((e) => e.data)).toEqual([{ n: 40 }, { n: 50 }]);
    // with the version the client saw, the same interleaving is a 412, not a retry
    interleaved = false;
    otherAdds = 5;
    await expect(add(racing, id, 1, { expectedVersion: 2 })).rejects.toMatchObject({ code: 'CONCURRENCY.STALE_VERSION' });
    expect((await one.readStream(`counter-${id}`)).map((e) => e.data)).toEqual([{ n: 40 }, { n: 50 }, { n: 5 }]);
  });

  it('reads only the events after the state it kept, so a long stream costs no more than a short one', async () => {
    const id = newId();
    const read: number[] = [];
    const counting: EventStore = Object.create(one, {
      readStream: {
        value: async (...args: Parameters<EventStore['readStream']>) => {
          const events = await one.readStream(...args);
          read.push(events.length);
          return events;
        },
      },
    });
    for (let i = 0; i < 50; i++) await add(counting, id, 1);
    expect(read[0]).toBe(0);
    expect(Math.max(...read)).toBe(0);
    await add(other, id, 1);
    await add(other, id, 1);
    read.length = 0;
    expect(await add(counting, id, 1)).toMatchObject({ version: 53, state: { total: 53 } });
    expect(read).toEqual([2]);
  });
});

describe('StateCache', () => {
  it('keeps at most its size of streams, dropping the least recently used', () => {
    const cache = new StateCache(2);
    cache.set(def, 'a', { version: 1, state: { total: 1 }, lastOccurredAt: undefined });
    cache.set(def, 'b', { version: 1, state: { total: 2 }, lastOccurredAt: undefined });
    cache.get(def, 'a');
    cache.set(def, 'c', { version: 1, state: { total: 3 }, lastOccurredAt: undefined });
    expect(cache.count).toBe(2);
    expect(cache.get(def, 'b')).toBeUndefined();
    expect(cache.get(def, 'a')).toMatchObject({ version: 1 });
  });

  it('never goes back to an older version, and keeps states of one definition apart from another', () => {
    const cache = new StateCache();
    cache.set(def, 'a', { version: 3, state: { total: 3 }, lastOccurredAt: undefined });
    cache.set(def, 'a', { version: 2, state: { total: 2 }, lastOccurredAt: undefined });
    expect(cache.get(def, 'a')).toMatchObject({ version: 3 });
    expect(cache.get({ ...def }, 'a')).toBeUndefined();
  });
});
