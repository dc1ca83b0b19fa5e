import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId, type Decider, type DomainEvent } from '@pmt/kernel';
import { SqliteEventStore } from '@pmt/event-store-sqlite';
import { tempDir } from '@pmt/testing';
import { join } from 'node:path';
import type { AggregateDefinition } from './aggregate';
import { handleCommand, type CommandMeta } from './command-handler';

type Command = { type: 'Add'; n: number };
type Event = DomainEvent<'Added', { n: number }>;
type State = { total: number };
const decider: Decider<Command, Event, State> = {
  initialState: () => ({ total: 0 }),
  evolve: (s, e) => ({ total: s.total + e.data.n }),
  decide: (c) => [{ type: 'Added', data: { n: c.n } }],
};
const def: AggregateDefinition<Command, Event, State> = { category: 'counter', collection: 'counters', decider };

describe('a command id seen before, with a fingerprint', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  const meta = (over: Partial<CommandMeta>): CommandMeta => ({
    commandId: newId(),
    actor: 'tester',
    correlationId: newId(),
    now: new Date().toISOString(),
    ...over,
  });

  beforeEach(() => {
    dir = tempDir('pmt-fingerprint-');
    store = SqliteEventStore.open(join(dir.path, 'svc.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    dir.remove();
  });

  it('answers the same request with the first result, and refuses another request under that id with 422 naming Idempotency-Key', async () => {
    const id = newId();
    const commandId = newId();
    const first = await handleCommand(store, def, id, { type: 'Add', n: 5 }, meta({ commandId, commandFingerprint: 'add 5' }));
    expect(await handleCommand(store, def, id, { type: 'Add', n: 5 }, meta({ commandId, commandFingerprint: 'add 5' }))).toMatchObject({
      version: first.version,
      duplicate: true,
    });
    await expect(handleCommand(store, def, id, { type: 'Add', n: 7 }, meta({ commandId, commandFingerprint: 'add 7' }))).rejects.toMatchObject({
      code: 'IDEMPOTENCY.KEY_REUSED',
      kind: 'unprocessable',
      errors: [{ path: 'Idempotency-Key', message: expect.any(String) }],
    });
    expect(await store.streamVersion(`counter-${id}`)).toBe(1);
  });

  it('answers as before when either side has no fingerprint (records from before fingerprints, system commands)', async () => {
    const id = newId();
    const commandId = newId();
    await handleCommand(store, def, id, { type: 'Add', n: 5 }, meta({ commandId }));
    expect(await handleCommand(store, def, id, { type: 'Add', n: 7 }, meta({ commandId, commandFingerprint: 'add 7' }))).toMatchObject({ duplicate: true });
    expect(await store.streamVersion(`counter-${id}`)).toBe(1);
  });
});
