import { describe, expect, it } from '@jest/globals';
import { newId, type StoredEvent } from '@pmt/kernel';
import type { EventStore } from '../event-store.port';
import type { EventQuery } from '../event-query';
import { pendingEvent, sleep } from './fixtures';

/** A category nobody else uses (a store may be shared by the whole suite): letters only, no dash. */
const uniqueCategory = () => `q${newId().replace(/-/g, '').slice(-12)}`;

/**
 * `queryEvents` behaviour, run inside eventStoreContract so that every adapter must show it. `store` is read
 * at test time: the suite opens a fresh one before each test.
 */
export function queryEventsContract(current: () => EventStore): void {
  describe('queryEvents', () => {
    /** Appends one event per entry, in order, each its own append; returns them as stored. */
    async function write(entries: { streamId: string; type?: string; actor?: string }[]): Promise<StoredEvent[]> {
      const store = current();
      for (const e of entries) {
        await store.append({ streamId: e.streamId, expectedVersion: 'any', events: [pendingEvent(e.type ?? 'Happened', {}, { actor: e.actor ?? 'someone' })] });
      }
      const stored = await Promise.all([...new Set(entries.map((e) => e.streamId))].map((s) => store.readStream(s)));
      return stored.flat().sort((a, b) => a.globalPosition - b.globalPosition);
    }

    /** Every page of a query, asking one more than it shows and starting the next page at that one. */
    async function pages(query: EventQuery, size: number): Promise<StoredEvent[][]> {
      const out: StoredEvent[][] = [];
      let upTo: number | undefined;
      for (;;) {
        const batch = await current().queryEvents(query, { limit: size + 1, ...(upTo !== undefined && { upTo }) });
        out.push(batch.slice(0, size));
        if (batch.length <= size) return out;
        upTo = batch[size].globalPosition;
      }
    }

    const ids = (events: StoredEvent[]) => events.map((e) => e.id);
    const newestFirst = (events: StoredEvent[]) => [...events].sort((a, b) => b.globalPosition - a.globalPosition);

    it("answers only the named categories' streams, newest first, whole events", async () => {
      const mou = uniqueCategory();
      const grant = uniqueCategory();
      const a = `${mou}-${newId()}`;
      const b = `${grant}-${newId()}`;
      // a mirror of another service's stream and a category that only starts like ours must stay out
      const written = await write([{ streamId: a }, { streamId: `inbox-${a}` }, { streamId: b }, { streamId: `${mou}x-${newId()}` }, { streamId: a }]);
      const ours = written.filter((e) => e.streamId === a || e.streamId === b);

      const found = await current().queryEvents({ categories: [mou, grant] }, { limit: 10 });
      expect(found).toEqual(newestFirst(ours));
      expect(ids(await current().queryEvents({ categories: [mou] }, { limit: 10 }))).toEqual(ids(newestFirst(ours.filter((e) => e.streamId === a))));
      expect(await current().queryEvents({ categories: [uniqueCategory()] }, { limit: 10 })).toEqual([]);
    });

    it('filters by actor, types, streams and a recordedAt window, all together', async () => {
      const cat = uniqueCategory();
      const s1 = `${cat}-${newId()}`;
      const s2 = `${cat}-${newId()}`;
      const early = await write([
        { streamId: s1, type: 'Drafted', actor: 'ann' },
        { streamId: s2, type: 'Drafted', actor: 'bob' },
      ]);
      await sleep(5);
      const from = new Date().toISOString();
      await sleep(5);
      const middle = await write([
        { streamId: s1, type: 'Signed', actor: 'ann' },
        { streamId: s2, type: 'Signed', actor: 'ann' },
        { streamId: s1, type: 'Amended', actor: 'bob' },
      ]);
      await sleep(5);
      const before = new Date().toISOString();
      await sleep(5);
      await write([{ streamId: s1, type: 'Signed', actor: 'ann' }]);
      const inWindow = middle.filter((e) => !early.some((x) => x.id === e.id));

      const q = (extra: Partial<EventQuery>) => current().queryEvents({ categories: [cat], ...extra }, { limit: 100 });
      const window = { recordedFrom: from, recordedBefore: before };
      expect(ids(await q({ ...window }))).toEqual(ids(newestFirst(inWindow)));
      expect((await q({ ...window, actor: 'ann' })).map((e) => e.type)).toEqual(['Signed', 'Signed']);
      expect((await q({ actor: 'ann' })).map((e) => e.type)).toEqual(['Signed', 'Signed', 'Signed', 'Drafted']);
      expect((await q({ types: ['Drafted', 'Amended'] })).map((e) => [e.type, e.actor])).toEqual([
        ['Amended', 'bob'],
        ['Drafted', 'bob'],
        ['Drafted', 'ann'],
      ]);
      expect((await q({ streamIds: [s2] })).map((e) => e.streamVersion)).toEqual([2, 1]);
      expect((await q({ streamIds: [s2], actor: 'ann', ...window })).map((e) => [e.streamId, e.type])).toEqual([[s2, 'Signed']]);
      // an instant with an offset means the same instant
      const plus7 = new Date(Date.parse(before) + 7 * 3600_000).toISOString().replace('Z', '+07:00');
      expect(ids(await q({ recordedFrom: from, recordedBefore: plus7 }))).toEqual(ids(newestFirst(inWindow)));
      expect(await q({ recordedFrom: before, recordedBefore: from })).toEqual([]);
    });

    it('pages with upTo: every event once, newest first, whatever the page size', async () => {
      const cat = uniqueCategory();
      const streams = [`${cat}-${newId()}`, `${cat}-${newId()}`, `${cat}-${newId()}`];
      const written = await write(Array.from({ length: 7 }, (_, i) => ({ streamId: streams[i % 3], actor: i % 2 ? 'odd' : 'even' })));
      for (const size of [1, 2, 3, 7, 8]) {
        const all = await pages({ categories: [cat] }, size);
        expect(ids(all.flat())).toEqual(ids(newestFirst(written)));
        expect(all.every((p) => p.length <= size)).toBe(true);
      }
      expect(ids((await pages({ categories: [cat], actor: 'odd' }, 2)).flat())).toEqual(ids(newestFirst(written.filter((_, i) => i % 2 === 1))));
      // upTo is inclusive: the event at that position comes first
      const third = newestFirst(written)[2];
      expect(ids(await current().queryEvents({ categories: [cat] }, { limit: 2, upTo: third.globalPosition }))).toEqual(ids(newestFirst(written).slice(2, 4)));
    });

    it('refuses a query without categories and a limit out of range', async () => {
      await expect(current().queryEvents({ categories: [] }, { limit: 10 })).rejects.toMatchObject({ code: 'EVENT_STORE.INVALID_QUERY', kind: 'invalid' });
      await expect(current().queryEvents({ categories: ['mou'] }, { limit: 0 })).rejects.toMatchObject({ code: 'EVENT_STORE.INVALID_QUERY' });
      await expect(current().queryEvents({ categories: ['mou'], recordedFrom: 'yesterday' }, { limit: 1 })).rejects.toMatchObject({
        code: 'EVENT_STORE.INVALID_QUERY',
      });
    });
  });
}
