import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventQuery } from '@pmt/event-store';
import { pendingEvent } from '@pmt/event-store/testing';
import { tempDir } from '@pmt/testing';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './database';
import { querySql } from './event-query';
import { SCHEMA } from './schema';
import { SqliteEventStore } from './sqlite-event-store';

describe('SqliteEventStore.queryEvents', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;

  beforeEach(() => {
    dir = tempDir('pmt-es-query-');
    file = join(dir.path, 'service.sqlite');
  });
  afterEach(() => dir.remove());

  const indexes = (db: BetterSqlite3.Database) =>
    db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'es_events' AND name LIKE 'es_events_by_%' ORDER BY name")
      .pluck()
      .all() as string[];

  it('adds its indexes to a file made before them, and keeps its events', async () => {
    const old = new BetterSqlite3(file);
    old.exec(SCHEMA);
    old.close();
    const db = openDatabase(file);
    expect(indexes(db)).toEqual([]);
    const store = new SqliteEventStore(db);
    expect(indexes(db)).toEqual(['es_events_by_actor', 'es_events_by_recorded', 'es_events_by_stream', 'es_events_by_type']);
    await store.append({ streamId: 'mou-1', expectedVersion: 'no-stream', events: [pendingEvent('MouDrafted', {}, { actor: 'ann' })] });
    expect((await store.queryEvents({ categories: ['mou'], actor: 'ann' }, { limit: 5 })).map((e) => e.type)).toEqual(['MouDrafted']);
    await store.close();
    db.close();
  });

  it('answers the common questions from an index, newest first without sorting, stopping at the limit', () => {
    const db = openDatabase(file);
    new SqliteEventStore(db);
    const plan = (query: EventQuery) => {
      const { sql, params } = querySql(query, Number.MAX_SAFE_INTEGER, 51);
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    };
    const quarter = { recordedFrom: '2026-07-01T00:00:00.000Z', recordedBefore: '2026-10-01T00:00:00.000Z' };
    expect(plan({ categories: ['mou'], actor: 'ann', ...quarter })).toMatch(/^SEARCH es_events USING INDEX es_events_by_actor \(actor=\? AND rowid<\?\)$/);
    expect(plan({ categories: ['mou'], streamIds: ['mou-1'] })).toMatch(/^SEARCH es_events USING INDEX es_events_by_stream \(stream_id=\? AND rowid<\?\)$/);
    expect(plan({ categories: ['mou'], types: ['MouSigned'] })).toMatch(/^SEARCH es_events USING INDEX es_events_by_type \(type=\? AND rowid<\?\)$/);
    // everything of a category: walk positions backwards rather than sort the category
    expect(plan({ categories: ['mou', 'grant'] })).toMatch(/^SEARCH es_events USING INTEGER PRIMARY KEY \(rowid<\?\)$/);
    // a window alone reads only the window through its index (then sorts that window)
    expect(plan({ categories: ['mou'], ...quarter })).toMatch(/USING INDEX es_events_by_recorded \(recorded_at>\? AND recorded_at<\?\)/);
    db.close();
  });
});
