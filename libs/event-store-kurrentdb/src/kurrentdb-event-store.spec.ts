import { describe, expect, it } from '@jest/globals';
import { eventStoreContract } from '@pmt/event-store/testing';
import { InMemoryKurrentDb } from './in-memory-kurrentdb';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The adapter's own logic (revision mapping, retries, filters, paging) against a stand-in for the server;
// kurrentdb-event-store.int.spec.ts runs the same contract against a real KurrentDB.
eventStoreContract('KurrentDB adapter over an in-memory stand-in', async () => {
  const store = new KurrentDbEventStore(new InMemoryKurrentDb().asClient());
  return { store, cleanup: () => store.close() };
});

describe('KurrentDB health check', () => {
  it('answers from the one record at the end of the log, whoever wrote it', async () => {
    const db = new InMemoryKurrentDb();
    const reads: unknown[] = [];
    const client = db.asClient();
    const readAll = client.readAll.bind(client);
    client.readAll = ((options: Parameters<typeof readAll>[0]) => {
      reads.push(options);
      return readAll(options);
    }) as typeof client.readAll;
    const store = new KurrentDbEventStore(client, { categories: ['mou'] });
    await expect(store.ping()).resolves.toBeUndefined();
    expect(reads).toEqual([expect.objectContaining({ direction: 'backwards', maxCount: 1 })]);
    expect(reads[0]).not.toHaveProperty('filter');
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});
