import { eventStoreContract } from '@pmt/event-store/testing';
import { InMemoryKurrentDb } from './in-memory-kurrentdb';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// The adapter's own logic (revision mapping, retries, filters, paging) against a stand-in for the server;
// kurrentdb-event-store.int.spec.ts runs the same contract against a real KurrentDB.
eventStoreContract('KurrentDB adapter over an in-memory stand-in', async () => {
  const store = new KurrentDbEventStore(new InMemoryKurrentDb().asClient());
  return { store, cleanup: () => store.close() };
});
