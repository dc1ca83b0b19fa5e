import type { Database } from 'better-sqlite3';
import type { StoredEvent } from '@pmt/kernel';
import type { JsMsg } from 'nats';

/** The event ids one consumer has handled, so that a redelivery can be skipped. */
export interface ProcessedEvents {
  has(eventId: string): Promise<boolean>;
  mark(eventId: string): Promise<void>;
}

export class InMemoryProcessedEvents implements ProcessedEvents {
  private readonly ids = new Set<string>();
  async has(eventId: string): Promise<boolean> {
    return this.ids.has(eventId);
  }
  async mark(eventId: string): Promise<void> {
    this.ids.add(eventId);
  }
}

/** ProcessedEvents plus synchronous variants, for marking inside the handler's own SQLite transaction. */
export interface SqliteProcessedEvents extends ProcessedEvents {
  hasSync(eventId: string): boolean;
  markSync(eventId: string): void;
}

/** Processed ids of `consumer` in table `consumer_processed` of a better-sqlite3 database (created when missing). */
export function sqliteProcessedEvents(db: Database, consumer: string): SqliteProcessedEvents {
  db.exec(
    'CREATE TABLE IF NOT EXISTS consumer_processed (consumer TEXT NOT NULL, event_id TEXT NOT NULL, PRIMARY KEY (consumer, event_id)) WITHOUT ROWID',
  );
  const select = db.prepare<[string, string]>('SELECT 1 FROM consumer_processed WHERE consumer = ? AND event_id = ?').pluck();
  const insert = db.prepare<[string, string]>('INSERT OR IGNORE INTO consumer_processed (consumer, event_id) VALUES (?, ?)');
  const hasSync = (eventId: string) => select.get(consumer, eventId) !== undefined;
  const markSync = (eventId: string) => void insert.run(consumer, eventId);
  return {
    hasSync,
    markSync,
    has: async (eventId) => hasSync(eventId),
    mark: async (eventId) => markSync(eventId),
  };
}

/**
 * Wraps a consumer handler so that an event already marked is acked without running it again, and an
 * event is marked once the handler resolves. A crash between the effect and the mark repeats the
 * effect; make the effect idempotent too (e.g. a command id derived from the event id) when it matters.
 */
export function skipProcessed(
  processed: ProcessedEvents,
  handler: (event: StoredEvent, msg: JsMsg) => Promise<void>,
): (event: StoredEvent, msg: JsMsg) => Promise<void> {
  return async (event, msg) => {
    if (await processed.has(event.id)) return;
    await handler(event, msg);
    await processed.mark(event.id);
  };
}
