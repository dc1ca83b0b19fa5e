import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock, newId, type Decider, type DomainEvent } from '@pmt/kernel';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { tempDir } from '@pmt/testing';
import { join } from 'node:path';
import type { AggregateDefinition } from './aggregate';
import { AggregateHistory, CHUNK_CHARS, PAGE_BYTES } from './history';

type Event = DomainEvent<'Noted', { text: string }>;
const decider: Decider<never, Event, { notes: number }> = { initialState: () => ({ notes: 0 }), evolve: (s) => ({ notes: s.notes + 1 }), decide: () => [] };
const def: AggregateDefinition<never, Event, { notes: number }> = { category: 'note', collection: 'notes', decider };

/** History read a page or a piece at a time, on a real SQLite store. */
describe('AggregateHistory paging and export pieces', () => {
  const dir = tempDir('pmt-history-');
  const db = openDatabase(join(dir.path, 'svc.sqlite'));
  const store = new SqliteEventStore(db);
  const history = new AggregateHistory(store, def, 'note', new ManualClock('2026-01-01T00:00:00.000Z'));
  const id = newId();
  const big = newId();
  const texts = Array.from({ length: 250 }, (_, i) => (i === 7 ? '=HYPERLINK("http://evil.example","ดู")' : `บันทึก ${i}, "quoted"\nline`));

  const append = async (streamId: string, version: number, text: string, reason?: string) =>
    store.append({
      streamId,
      expectedVersion: version,
      events: [
        {
          id: newId(),
          type: 'Noted',
          schemaVersion: 1,
          data: { text },
          actor: 'a',
          correlationId: 'c',
          causationId: 'c',
          occurredAt: new Date(Date.UTC(2025, 0, 1, 0, version)).toISOString(),
          ...(reason && { reason }),
        },
      ],
    });

  beforeAll(async () => {
    for (let i = 0; i < texts.length; i++) await append(`note-${id}`, i, texts[i], i === 7 ? texts[7] : undefined);
    // three events of ~300 KB each: a page holds fewer than asked, an export piece cuts inside one
    for (let i = 0; i < 3; i++) await append(`note-${big}`, i, `${'ก'.repeat(150_000)}${'x'.repeat(150_000)}\ud83d\ude00`);
  });
  afterAll(async () => {
    await store.close();
    db.close();
    dir.remove();
  });

  const allPages = async (streamId: string, limit?: number) => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: { version: number }[]; nextCursor: string | null } = await history.page(streamId, { limit, cursor });
      seen.push(...page.items.map((e) => e.version));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    return { seen, pages };
  };

  it('pages oldest first, 100 by default, with a cursor only while more remain', async () => {
    const first = await history.page(id);
    expect(first.items.map((e) => e.version)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(first.items[7]).toMatchObject({ type: 'Noted', reason: texts[7], data: { text: texts[7] } });
    expect(await allPages(id, 100)).toEqual({ seen: Array.from({ length: 250 }, (_, i) => i + 1), pages: 3 });
    expect((await history.page(id, { limit: 250 })).nextCursor).toBeNull();
  });

  it('cuts a page of large events short by bytes, never below one event', async () => {
    const page = await history.page(big, { limit: 500 });
    expect(page.items.length).toBeLessThan(3);
    expect(Buffer.byteLength(JSON.stringify(page.items))).toBeLessThanOrEqual(PAGE_BYTES + 700_000);
    expect((await allPages(big, 500)).seen).toEqual([1, 2, 3]);
  });

  it('refuses a limit out of range and a cursor it did not issue, naming the field; 404 for an unknown id', async () => {
    for (const limit of [0, 501, 1.5, '10'])
      await expect(history.page(id, { limit })).rejects.toMatchObject({ kind: 'invalid', errors: [expect.objectContaining({ path: 'limit' })] });
    for (const cursor of ['nope', 'eyJ2IjotMX0', '!!!'])
      await expect(history.page(id, { cursor })).rejects.toMatchObject({ kind: 'invalid', errors: [expect.objectContaining({ path: 'cursor' })] });
    await expect(history.page(newId())).rejects.toMatchObject({ kind: 'not-found' });
    await expect(history.exportChunk(newId(), 'json')).rejects.toMatchObject({ kind: 'not-found' });
  });

  const exportText = async (streamId: string, format: 'json' | 'csv') => {
    let piece = await history.exportChunk(streamId, format);
    const pieces = [piece];
    while (piece.nextCursor) pieces.push((piece = await history.exportChunk(streamId, format, piece.nextCursor)));
    return { pieces, text: pieces.map((p) => p.chunk).join('') };
  };

  it('exports JSON in pieces of bounded size that join into the file, up to the version the export started at', async () => {
    const { pieces, text } = await exportText(big, 'json');
    expect(pieces.length).toBeGreaterThan(3);
    for (const p of pieces) expect(p.chunk.length).toBeLessThanOrEqual(CHUNK_CHARS);
    const trailer = await history.exportTrailer(big, pieces[0].toVersion);
    // the last piece carries the same trailer, checked while the pieces were read
    expect(pieces[pieces.length - 1].trailer).toEqual(trailer);
    expect(pieces.slice(0, -1).every((p) => p.trailer === undefined)).toBe(true);
    const file = JSON.parse(
      `${text}\n]${Object.entries(trailer)
        .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
        .join('')}}`,
    );
    expect(file).toMatchObject({
      format: 'pmt.history-export/1',
      resourceType: 'note',
      resourceId: big,
      stream: `note-${big}`,
      exportedAt: '2026-01-01T00:00:00.000Z',
      verification: { valid: true, events: 3, firstInvalidVersion: null },
    });
    expect(file.events).toEqual((await history.history(big)).events);
    expect(Object.keys(file)).toEqual(['format', 'resourceType', 'resourceId', 'stream', 'exportedAt', 'events', 'verification']);
  });

  it('reports in the last piece the version an edit of the stored rows broke, as verify does, through pieces that cut events', async () => {
    const edited = newId();
    for (let i = 0; i < 40; i++) await append(`note-${edited}`, i, i % 10 === 3 ? 'ข'.repeat(120_000) : `note ${i}`);
    const trailerOf = async () => {
      const { pieces } = await exportText(edited, 'json');
      return pieces[pieces.length - 1].trailer!.verification;
    };
    expect(await trailerOf()).toEqual({ valid: true, events: 40, firstInvalidVersion: null });
    // an edit after a large event that the pieces cut in two, then an edit of the text under its own (old) hash
    db.prepare('UPDATE es_events SET data = ? WHERE stream_id = ? AND stream_version = 25').run('{"text":"edited"}', `note-${edited}`);
    expect(await trailerOf()).toEqual({ valid: false, events: 40, firstInvalidVersion: 25 });
    expect(await history.verify(edited)).toMatchObject({ valid: false, firstInvalidVersion: 25 });
    db.prepare('UPDATE es_events SET data = ? WHERE stream_id = ? AND stream_version = 12').run('{ "text" : "note 11" }', `note-${edited}`);
    const reordered = await trailerOf();
    // the same value written differently is not an edit: it hashes as before once parsed
    expect(reordered).toEqual({ valid: false, events: 40, firstInvalidVersion: 25 });
    expect(await history.verify(edited)).toMatchObject({ valid: false, firstInvalidVersion: 25 });
    db.prepare('DELETE FROM es_events WHERE stream_id = ? AND stream_version = 5').run(`note-${edited}`);
    expect(await trailerOf()).toEqual({ valid: false, events: 39, firstInvalidVersion: 5 });
    expect(await history.exportTrailer(edited, 40)).toMatchObject({ verification: { valid: false, events: 39, firstInvalidVersion: 5 } });
  });

  it('leaves out events appended after the export started', async () => {
    const other = newId();
    await append(`note-${other}`, 0, 'one');
    const start = await history.exportChunk(other, 'json');
    await append(`note-${other}`, 1, 'two');
    expect(start.toVersion).toBe(1);
    expect(start.nextCursor).toBeNull();
    expect(JSON.parse(`${start.chunk}]}`).events.map((e: { data: { text: string } }) => e.data.text)).toEqual(['one']);
  });

  it('exports CSV with a BOM, a header and one row per event, and no cell that a spreadsheet would run', async () => {
    const { text } = await exportText(id, 'csv');
    expect(text.startsWith('\ufeffversion,type,schemaVersion,eventId,occurredAt,recordedAt,actor,correlationId,causationId,reason,data,hash\r\n')).toBe(true);
    const row = text.split('\r\n').find((l) => l.startsWith('8,'))!;
    expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""ดู"")",`);
    expect(text.split('\r\n').filter((l) => /^\d+,Noted,/.test(l))).toHaveLength(250);
  });
});
