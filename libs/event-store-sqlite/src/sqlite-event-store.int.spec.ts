import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { eventStoreContract, pendingEvent, uniqueStreamId, waitFor } from '@pmt/event-store/testing';
import { canonicalJson, chainHashOfText, GENESIS_HASH, newId, verifyChain, type StoredEvent } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { openDatabase, type Database } from './database';
import { SqliteEventStore } from './sqlite-event-store';

eventStoreContract('SQLite', async () => {
  const dir = tempDir('pmt-es-sqlite-');
  const db = openDatabase(join(dir.path, 'service.db'));
  const store = new SqliteEventStore(db);
  return {
    store,
    async cleanup() {
      await store.close();
      db.close();
      dir.remove();
    },
  };
});

describe('SqliteEventStore', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let db: Database;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = tempDir('pmt-es-sqlite-');
    file = join(dir.path, 'nested', 'service.db');
    db = openDatabase(file);
    store = new SqliteEventStore(db);
  });

  afterEach(async () => {
    await store.close();
    if (db.open) db.close();
    dir.remove();
  });

  it('opens the file with WAL, synchronous FULL, a busy timeout and foreign keys', () => {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('starts empty', async () => {
    expect(await store.headPosition()).toBe(0);
    expect(await store.readAll({ after: 0 })).toEqual([]);
  });

  it('survives close and reopen, and continues the chain', async () => {
    const streamId = uniqueStreamId('mou');
    const commandId = newId();
    const first = await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent()], commandId });
    const before = await store.readStream(streamId);
    await store.close();
    db.close();

    db = openDatabase(file);
    store = new SqliteEventStore(db);
    expect(await store.readStream(streamId)).toEqual(before);
    expect(await store.findCommand(commandId)).toEqual({ ...first, duplicate: true });
    const next = await store.append({ streamId, expectedVersion: 2, events: [pendingEvent()] });
    expect(next.position).toBeGreaterThan(first.position);
    expect(verifyChain(await store.readStream(streamId))).toEqual({ valid: true, events: 3, firstInvalidVersion: null });
  });

  it('shares the file with another adapter: close() leaves the database open unless it owns it', async () => {
    await store.close();
    expect(db.open).toBe(true);
    await expect(store.readAll({ after: 0 })).rejects.toMatchObject({ code: 'EVENT_STORE.CLOSED' });

    const owning = SqliteEventStore.open(join(dir.path, 'own.db'));
    await owning.append({ streamId: uniqueStreamId(), expectedVersion: 'any', events: [pendingEvent()] });
    await owning.close();
  });

  it('enforces unique stream versions and event ids in the schema', async () => {
    const streamId = uniqueStreamId();
    await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
    const copy = (changes: string) =>
      db.exec(`INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason, data, hash)
               SELECT ${changes} FROM es_events`);
    expect(() =>
      copy(`'${newId()}', stream_id, stream_version, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason, data, hash`),
    ).toThrow(/UNIQUE/);
    expect(() =>
      copy(`event_id, stream_id, stream_version + 1, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason, data, hash`),
    ).toThrow(/UNIQUE/);
  });

  it('rolls back every insert when a later event of the same command hits a constraint', async () => {
    const streamId = uniqueStreamId();
    const taken = pendingEvent();
    await store.append({ streamId: uniqueStreamId(), expectedVersion: 'no-stream', events: [taken] });
    const head = await store.headPosition();
    const commandId = newId();

    // The second event reuses an id already stored: its INSERT fails after the first one succeeded.
    // matched by message, not with toThrow: better-sqlite3's error class comes from whichever jest realm loaded the
    // native module first, so `instanceof Error` fails in the others
    await expect(
      store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent('Again', {}, { id: taken.id })], commandId }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/UNIQUE/),
    });
    expect(await store.streamVersion(streamId)).toBe(0);
    expect(await store.headPosition()).toBe(head);
    expect(await store.findCommand(commandId)).toBeNull();
  });

  it('lets verifyChain find a row whose data was changed behind its back', async () => {
    const streamId = uniqueStreamId('grant');
    await store.append({
      streamId,
      expectedVersion: 'no-stream',
      events: [pendingEvent('A', { amount: 100 }), pendingEvent('B', { amount: 200 }), pendingEvent('C', { amount: 300 })],
    });
    expect(verifyChain(await store.readStream(streamId)).valid).toBe(true);

    db.prepare(`UPDATE es_events SET data = '{"amount":999}' WHERE stream_id = ? AND stream_version = 2`).run(streamId);
    expect(verifyChain(await store.readStream(streamId))).toEqual({ valid: false, events: 3, firstInvalidVersion: 2 });
  });

  it('refuses a lone surrogate, which SQLite would keep as U+FFFD and verify would then call tampering', async () => {
    // why: SQLite stores text as UTF-8, where a lone surrogate cannot exist; it comes back as replacement characters
    expect(db.prepare<[string], string>('SELECT ?').pluck().get('a\ud800b')).toMatch(/^a\ufffd+b$/);

    const streamId = uniqueStreamId('mou');
    await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
    for (const override of [{ reason: 'signed \ud800' }, { actor: 'somsri\udc00' }]) {
      await expect(store.append({ streamId, expectedVersion: 1, events: [pendingEvent('MouSigned', {}, override)] })).rejects.toMatchObject({
        code: 'EVENT_STORE.INVALID_EVENT',
        kind: 'invalid',
      });
    }
    expect(verifyChain(await store.readStream(streamId))).toEqual({ valid: true, events: 1, firstInvalidVersion: null });
  });

  it('lets verifyChain find a deleted row', async () => {
    const streamId = uniqueStreamId('grant');
    await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent(), pendingEvent()] });
    db.prepare('DELETE FROM es_events WHERE stream_id = ? AND stream_version = 2').run(streamId);
    expect(verifyChain(await store.readStream(streamId))).toEqual({ valid: false, events: 2, firstInvalidVersion: 2 });
  });

  it('lets verifyChain find a change to a metadata column', async () => {
    const streamId = uniqueStreamId();
    await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent()] });
    db.prepare(`UPDATE es_events SET actor = 'someone-else' WHERE stream_id = ? AND stream_version = 1`).run(streamId);
    expect(verifyChain(await store.readStream(streamId)).firstInvalidVersion).toBe(1);
  });

  it('delivers to a subscriber events written through another connection, by polling', async () => {
    const other = openDatabase(file);
    const writer = new SqliteEventStore(other);
    const received: StoredEvent[] = [];
    const subscription = store.subscribe((batch) => void received.push(...batch), { after: 0, pollIntervalMs: 20 });
    try {
      await writer.append({ streamId: uniqueStreamId(), expectedVersion: 'no-stream', events: [pendingEvent()] });
      // A row inserted by plain SQL announces nothing in this process: only the poll can find it.
      other.exec(`INSERT INTO es_events (event_id, stream_id, stream_version, type, schema_version, occurred_at, recorded_at, actor, correlation_id, causation_id, reason, data, hash)
                  VALUES ('${newId()}', 'raw-1', 1, 'Raw', 1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', 'a', 'c', 'c', NULL, '{}', 'x')`);
      await waitFor(() => received.length === 2, 'both events');
      expect(received.map((e) => e.type)).toEqual(['TestHappened', 'Raw']);
    } finally {
      await subscription.stop();
      await writer.close();
      other.close();
    }
  });

  it('stops its subscriptions on close', async () => {
    const received: StoredEvent[] = [];
    store.subscribe((batch) => void received.push(...batch), { after: 0, pollIntervalMs: 20 });
    await store.close();
    const writer = new SqliteEventStore(db);
    await writer.append({ streamId: uniqueStreamId(), expectedVersion: 'no-stream', events: [pendingEvent()] });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toEqual([]);
    await writer.close();
  });
});

describe('SqliteEventStore keeps data as the canonical text its hash covers', () => {
  it('stores canonicalJson of the data, reads it back unparsed with readStreamJson, and the stored text hashes as it is', async () => {
    const store = SqliteEventStore.open(':memory:');
    try {
      const streamId = `note-${newId()}`;
      const data = { z: 1, a: { y: [{ b: 2, a: 1 }], '10': 'x', '9': 'y' }, when: new Date('2026-01-02T03:04:05.000Z') };
      const id = newId();
      await store.append({
        streamId,
        expectedVersion: 0,
        events: [
          { id, type: 'Noted', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z', actor: 'a', correlationId: newId(), causationId: newId(), data },
        ],
      });
      const [raw] = await store.readStreamJson(streamId);
      const [parsed] = await store.readStream(streamId);
      expect(raw.dataJson).toBe(canonicalJson(JSON.parse(JSON.stringify(data))));
      expect(raw.dataJson).toBe('{"a":{"9":"y","10":"x","y":[{"a":1,"b":2}]},"when":"2026-01-02T03:04:05.000Z","z":1}');
      expect(JSON.parse(raw.dataJson)).toEqual(parsed.data);
      const { dataJson: _text, ...envelope } = raw;
      expect({ ...envelope, data: parsed.data }).toEqual(parsed);
      expect(chainHashOfText(GENESIS_HASH, raw, raw.dataJson)).toBe(raw.hash);
    } finally {
      await store.close();
    }
  });
});
