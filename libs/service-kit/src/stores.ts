import type { EventStore } from '@pmt/event-store';
import type { ReadModelStore } from '@pmt/read-model';
import { openSeals, type ServiceSeals } from './seals';
import { sqliteFileOf, type ServiceConfig } from './service-config';

export interface Stores {
  events: EventStore;
  readModel: ReadModelStore;
  /** The seal key and the seals, apart from the events (./seals.ts); undefined when sealing is off. */
  seals?: ServiceSeals;
  close(): Promise<void>;
}

/**
 * Opens the service's stores for its profile. Embedded: one SQLite file per service holds the events,
 * the read models and their checkpoints. Adapters are loaded lazily so that the embedded profile never
 * loads the production clients and vice versa.
 */
export async function openStores(config: ServiceConfig): Promise<Stores> {
  let db: import('better-sqlite3').Database | undefined;
  const sqlite = async () => {
    if (!db) {
      const { openDatabase } = await import('@pmt/event-store-sqlite');
      db = openDatabase(sqliteFileOf(config));
    }
    return db;
  };

  let events: EventStore;
  if (config.eventStore === 'kurrentdb') {
    const { KurrentDbEventStore } = await import('@pmt/event-store-kurrentdb');
    events = KurrentDbEventStore.connect(config.kurrentDbUrl as string, { categories: config.categories });
  } else {
    const { SqliteEventStore } = await import('@pmt/event-store-sqlite');
    events = new SqliteEventStore(await sqlite());
  }

  let readModel: ReadModelStore;
  if (config.readModel === 'mongodb') {
    const { MongooseReadModelStore } = await import('@pmt/read-model-mongoose');
    readModel = await MongooseReadModelStore.connect(config.mongoDbUrl as string);
  } else {
    const { EmbeddedReadModelStore } = await import('@pmt/read-model-embedded');
    readModel = new EmbeddedReadModelStore(await sqlite());
  }

  const seals = await openSeals(config, events);

  return {
    events,
    readModel,
    seals,
    async close() {
      await seals?.store.close();
      await readModel.close();
      await events.close();
      if (db?.open) db.close();
    },
  };
}
