import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { canonicalJson, chainHash, GENESIS_HASH, isCodedError, newId, verifyChain, type PendingEvent, type StoredEvent } from '@pmt/kernel';
import { WRONG_EXPECTED_VERSION, type EventStore, type ExpectedVersion } from '../event-store.port';
import { pendingEvent, sleep, uniqueStreamId, waitFor } from './fixtures';
import { queryEventsContract } from './query-events.contract';

export interface OpenedEventStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every EventStore adapter must show. `open` is called before each test; a store may
 * already hold events (a shared server), so every test uses its own streams and reads $all from the
 * head it saw first.
 */
export function eventStoreContract(name: string, open: () => Promise<OpenedEventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let opened: OpenedEventStore;
    let store: EventStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });

    afterEach(async () => {
      await opened.cleanup();
    });

    const ours = (streams: string[]) => (e: StoredEvent) => streams.includes(e.streamId);

    async function expectConflict(attempt: Promise<unknown>, details: { streamId: string; expectedVersion: ExpectedVersion; actualVersion: number }) {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeDefined();
      expect(isCodedError(error)).toBe(true);
      expect(error).toMatchObject({ code: WRONG_EXPECTED_VERSION, kind: 'conflict', details });
      expect((error as Error).message).toContain(details.streamId);
    }

    describe('append and read', () => {
      it('round-trips every envelope field', async () => {
        const streamId = uniqueStreamId();
        const head = await store.headPosition();
        const first = pendingEvent(
          'MouDrafted',
          { title: 'Exchange', amount: 150_000, tags: ['a', 'b'], nested: { z: 1, a: null, ok: true } },
          { reason: 'first draft', schemaVersion: 2 },
        );
        const second = pendingEvent('MouRevised', { title: 'Exchange II' });
        const before = Date.now();
        const result = await store.append({ streamId, expectedVersion: 'no-stream', events: [first, second] });
        const after = Date.now();

        const events = await store.readStream(streamId);
        expect(events).toHaveLength(2);
        [first, second].forEach((pending, i) => {
          expect(events[i]).toEqual({
            ...pending,
            streamId,
            streamVersion: i + 1,
            globalPosition: expect.any(Number),
            recordedAt: expect.any(String),
            hash: expect.stringMatching(/^[0-9a-f]{64}$/),
          });
          expect(events[i].globalPosition).toBeGreaterThan(head);
          const recordedAt = Date.parse(events[i].recordedAt);
          expect(recordedAt).toBeGreaterThanOrEqual(before);
          expect(recordedAt).toBeLessThanOrEqual(after);
          expect(new Date(recordedAt).toISOString()).toBe(events[i].recordedAt);
        });
        expect(events[0].reason).toBe('first draft');
        expect(events[1]).not.toHaveProperty('reason');
        expect(result).toEqual({ streamId, version: 2, position: events[1].globalPosition, duplicate: false });
        expect((await store.readAll({ after: head })).filter(ours([streamId]))).toEqual(events);
      });

      it('keeps Thai text exactly as written', async () => {
        const streamId = uniqueStreamId();
        const data = {
          title: 'บันทึกข้อตกลงความร่วมมือทางวิชาการ',
          partner: 'จุฬาลงกรณ์มหาวิทยาลัย',
          note: 'ฉบับที่ ๑๒๓ — ผู้ประสานงาน: คุณสมศรี ๊ ๋ ฯลฯ',
          mixed: 'MOU ปี 2568 🤝',
        };
        const event = pendingEvent('MouDrafted', data, { reason: 'แก้ไขตามคำขอของคณะ', actor: 'ผู้ใช้-๐๑' });
        await store.append({ streamId, expectedVersion: 'no-stream', events: [event] });
        const [stored] = await store.readStream(streamId);
        expect(stored.data).toEqual(data);
        // every character exactly; the key order may differ (the SQLite store keeps data in canonical key order)
        expect(canonicalJson(stored.data)).toBe(canonicalJson(data));
        expect(stored.reason).toBe('แก้ไขตามคำขอของคณะ');
        expect(stored.actor).toBe('ผู้ใช้-๐๑');
        expect(verifyChain([stored]).valid).toBe(true);
      });

      it('refuses text with a lone surrogate anywhere, naming the field, so that it keeps exactly what it hashed', async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
        const commandId = newId();
        const cases: Array<[Partial<PendingEvent>, string]> = [
          [{ reason: 'why \ud800' }, 'events[1].reason'],
          [{ actor: '\udfffsomsri' }, 'events[1].actor'],
          [{ type: 'Bad\ud83d' }, 'events[1].type'],
          [{ data: { changes: { 'clause 4': ['ok', 'x\udc00'] } } }, 'events[1].data.changes.clause 4[1]'],
          [{ data: { changes: { 'k\ud800': 1 } } }, 'events[1].data.changes.k\ufffd'],
        ];
        for (const [override, path] of cases) {
          const event = pendingEvent('Edited', { n: 1 }, override);
          const error = await store.append({ streamId, expectedVersion: 1, events: [pendingEvent(), event], commandId }).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toMatchObject({
            code: 'EVENT_STORE.INVALID_EVENT',
            kind: 'invalid',
            errors: [{ path, message: expect.stringContaining('well-formed') }],
          });
        }
        expect(await store.streamVersion(streamId)).toBe(1);
        expect(await store.findCommand(commandId)).toBeNull();
        // well-formed pairs (an emoji) are text like any other, and verify finds nothing to report
        await store.append({ streamId, expectedVersion: 1, events: [pendingEvent('Edited', { note: '🤝' }, { reason: 'ตกลง 🤝', actor: 'ผู้ใช้ 🤝' })] });
        expect(verifyChain(await store.readStream(streamId))).toEqual({ valid: true, events: 2, firstInvalidVersion: null });
      });

      it('reports version 0 and no events for an unknown stream', async () => {
        const streamId = uniqueStreamId();
        expect(await store.streamVersion(streamId)).toBe(0);
        expect(await store.readStream(streamId)).toEqual([]);
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent()] });
        expect(await store.streamVersion(streamId)).toBe(2);
      });

      it('refuses an append without events', async () => {
        const error = await store.append({ streamId: uniqueStreamId(), expectedVersion: 'any', events: [] }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'EVENT_STORE.EMPTY_APPEND', kind: 'invalid' });
      });
    });

    describe('hash chain', () => {
      it('links every event of a stream to the previous one, across appends', async () => {
        const streamId = uniqueStreamId();
        const other = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
        await store.append({ streamId: other, expectedVersion: 'no-stream', events: [pendingEvent()] });
        await store.append({ streamId, expectedVersion: 1, events: [pendingEvent(), pendingEvent()] });
        await store.append({ streamId, expectedVersion: 'any', events: [pendingEvent()] });

        const events = await store.readStream(streamId);
        expect(verifyChain(events)).toEqual({ valid: true, events: 4, firstInvalidVersion: null });
        expect(events[0].hash).toBe(chainHash(GENESIS_HASH, events[0]));
        expect(events[3].hash).toBe(chainHash(events[2].hash, events[3]));

        const [otherFirst] = await store.readStream(other);
        expect(otherFirst.hash).toBe(chainHash(GENESIS_HASH, otherFirst));
      });

      it('keeps and hashes every own key of the data, __proto__ included', async () => {
        const streamId = uniqueStreamId();
        const data = JSON.parse('{"changes":{"clause 4":{"__proto__":{"amount":"1,000,000"}},"constructor":"c","toString":"t"}}');
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent('MouAmended', data)] });
        const [stored] = await store.readStream(streamId);
        expect(JSON.stringify(stored.data)).toBe(JSON.stringify(data));
        expect(verifyChain([stored]).valid).toBe(true);
        const edited = { ...stored, data: JSON.parse(JSON.stringify(stored.data).replace('1,000,000', '9,000,000')) };
        expect(verifyChain([edited])).toEqual({ valid: false, events: 1, firstInvalidVersion: 1 });
      });
    });

    describe('expected version', () => {
      it("accepts 'no-stream' and 0 only for a new stream", async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
        await expectConflict(store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] }), {
          streamId,
          expectedVersion: 'no-stream',
          actualVersion: 1,
        });
        await expectConflict(store.append({ streamId, expectedVersion: 0, events: [pendingEvent()] }), { streamId, expectedVersion: 0, actualVersion: 1 });

        const fresh = uniqueStreamId();
        expect(await store.append({ streamId: fresh, expectedVersion: 0, events: [pendingEvent()] })).toMatchObject({ version: 1 });
        expect(await store.streamVersion(streamId)).toBe(1);
      });

      it('accepts the current version and refuses a stale or future one', async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent()] });
        expect(await store.append({ streamId, expectedVersion: 2, events: [pendingEvent()] })).toMatchObject({ streamId, version: 3, duplicate: false });
        await expectConflict(store.append({ streamId, expectedVersion: 2, events: [pendingEvent()] }), { streamId, expectedVersion: 2, actualVersion: 3 });
        await expectConflict(store.append({ streamId, expectedVersion: 7, events: [pendingEvent()] }), { streamId, expectedVersion: 7, actualVersion: 3 });
        const unknown = uniqueStreamId();
        await expectConflict(store.append({ streamId: unknown, expectedVersion: 1, events: [pendingEvent()] }), {
          streamId: unknown,
          expectedVersion: 1,
          actualVersion: 0,
        });
        expect(await store.streamVersion(streamId)).toBe(3);
      });

      it("appends with 'any' whatever the version", async () => {
        const streamId = uniqueStreamId();
        expect(await store.append({ streamId, expectedVersion: 'any', events: [pendingEvent()] })).toMatchObject({ version: 1 });
        expect(await store.append({ streamId, expectedVersion: 'any', events: [pendingEvent(), pendingEvent()] })).toMatchObject({ version: 3 });
        expect(verifyChain(await store.readStream(streamId)).valid).toBe(true);
      });

      // Concurrent only where the adapter awaits I/O (a server). An embedded SQLite store runs each append to its end
      // within one process, so these cannot interleave there: sqlite-concurrency.int.spec.ts races separate processes.
      it('lets exactly one of two concurrent appends with the same expected version win', async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
        const outcomes = await Promise.allSettled([
          store.append({ streamId, expectedVersion: 1, events: [pendingEvent(), pendingEvent()] }),
          store.append({ streamId, expectedVersion: 1, events: [pendingEvent()] }),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toMatchObject({ code: WRONG_EXPECTED_VERSION, kind: 'conflict', details: { streamId, expectedVersion: 1 } });
        const events = await store.readStream(streamId);
        expect(verifyChain(events).valid).toBe(true);
        expect(events.length).toBe((won[0] as PromiseFulfilledResult<{ version: number }>).value.version);
      });

      it("lets one of several concurrent 'no-stream' appends create the stream", async () => {
        const streamId = uniqueStreamId();
        const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] })));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.streamVersion(streamId)).toBe(1);
      });

      it("keeps the chain intact under concurrent 'any' appends", async () => {
        const streamId = uniqueStreamId();
        const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.append({ streamId, expectedVersion: 'any', events: [pendingEvent()] })));
        expect(results.map((r) => r.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
        const events = await store.readStream(streamId);
        expect(verifyChain(events)).toEqual({ valid: true, events: 5, firstInvalidVersion: null });
      });
    });

    describe('atomicity', () => {
      it('writes nothing when a multi-event append fails part-way', async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
        const head = await store.headPosition();
        const commandId = newId();
        // A BigInt cannot be serialised: the second event fails after the first was accepted.
        const unserialisable = pendingEvent('Broken', { amount: BigInt(1) });
        await expect(store.append({ streamId, expectedVersion: 1, events: [pendingEvent(), unserialisable, pendingEvent()], commandId })).rejects.toThrow();

        expect(await store.streamVersion(streamId)).toBe(1);
        expect(await store.readStream(streamId)).toHaveLength(1);
        expect((await store.readAll({ after: head })).filter(ours([streamId]))).toEqual([]);
        expect(await store.findCommand(commandId)).toBeNull();

        const retry = await store.append({ streamId, expectedVersion: 1, events: [pendingEvent(), pendingEvent()], commandId });
        expect(retry).toMatchObject({ version: 3, duplicate: false });
        expect(verifyChain(await store.readStream(streamId)).valid).toBe(true);
      });
    });

    describe('ordering', () => {
      it('numbers each stream 1..n and orders all events by a strictly increasing global position', async () => {
        const head = await store.headPosition();
        const a = uniqueStreamId();
        const b = uniqueStreamId();
        const written = [pendingEvent(), pendingEvent(), pendingEvent(), pendingEvent(), pendingEvent(), pendingEvent()];
        await store.append({ streamId: a, expectedVersion: 'no-stream', events: [written[0]] });
        await store.append({ streamId: b, expectedVersion: 'no-stream', events: [written[1], written[2]] });
        await store.append({ streamId: a, expectedVersion: 1, events: [written[3], written[4]] });
        await store.append({ streamId: b, expectedVersion: 2, events: [written[5]] });

        const all = (await store.readAll({ after: head })).filter(ours([a, b]));
        expect(all.map((e) => e.id)).toEqual(written.map((e) => e.id));
        for (let i = 1; i < all.length; i++) expect(all[i].globalPosition).toBeGreaterThan(all[i - 1].globalPosition);
        expect(all.filter((e) => e.streamId === a).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
        expect(all.filter((e) => e.streamId === b).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
        expect(all[0].globalPosition).toBeGreaterThan(head);
      });
    });

    describe('readStream', () => {
      it('reads a range of versions', async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [1, 2, 3, 4, 5].map(() => pendingEvent()) });
        const versions = async (options: { fromVersion?: number; toVersion?: number }) =>
          (await store.readStream(streamId, options)).map((e) => e.streamVersion);
        expect(await versions({ fromVersion: 2, toVersion: 4 })).toEqual([2, 3, 4]);
        expect(await versions({ fromVersion: 4 })).toEqual([4, 5]);
        expect(await versions({ toVersion: 2 })).toEqual([1, 2]);
        expect(await versions({ fromVersion: 3, toVersion: 3 })).toEqual([3]);
        expect(await versions({ fromVersion: 6 })).toEqual([]);
        expect(await versions({ fromVersion: 4, toVersion: 2 })).toEqual([]);
      });

      it('reads the prefix of events that had occurred as of an instant', async () => {
        const streamId = uniqueStreamId();
        const at = (occurredAt: string) => pendingEvent('Happened', {}, { occurredAt });
        await store.append({
          streamId,
          expectedVersion: 'no-stream',
          // The third was back-dated: history as of mid-February still stops at the first later event.
          events: [at('2025-01-01T00:00:00.000Z'), at('2025-02-01T00:00:00.000Z'), at('2025-03-01T00:00:00.000Z'), at('2025-01-15T00:00:00.000Z')],
        });
        const asOf = async (instant: string) => (await store.readStream(streamId, { asOf: instant })).map((e) => e.streamVersion);
        expect(await asOf('2024-12-31T23:59:59.999Z')).toEqual([]);
        expect(await asOf('2025-02-01T00:00:00.000Z')).toEqual([1, 2]);
        expect(await asOf('2025-02-15T00:00:00.000Z')).toEqual([1, 2]);
        expect(await asOf('2025-12-31T00:00:00.000Z')).toEqual([1, 2, 3, 4]);
        expect(await asOf('2025-02-01T07:00:00.000+07:00')).toEqual([1, 2]);
      });
    });

    describe('readAll and headPosition', () => {
      it('reads everything in batches with after and limit', async () => {
        const head = await store.headPosition();
        const streams = [uniqueStreamId(), uniqueStreamId(), uniqueStreamId()];
        for (const [i, streamId] of streams.entries()) {
          await store.append({ streamId, expectedVersion: 'no-stream', events: Array.from({ length: i + 2 }, () => pendingEvent()) });
        }
        const inOneGo = (await store.readAll({ after: head })).filter(ours(streams));
        expect(inOneGo).toHaveLength(9);

        const batched: StoredEvent[] = [];
        let after = head;
        for (;;) {
          const batch = await store.readAll({ after, limit: 4 });
          if (batch.length === 0) break;
          expect(batch.length).toBeLessThanOrEqual(4);
          expect(batch[0].globalPosition).toBeGreaterThan(after);
          batched.push(...batch);
          after = batch[batch.length - 1].globalPosition;
        }
        expect(batched.filter(ours(streams))).toEqual(inOneGo);
        expect(await store.readAll({ after })).toEqual([]);
      });

      it('reports the position of the last event written', async () => {
        const before = await store.headPosition();
        expect(before).toBeGreaterThanOrEqual(0);
        const first = await store.append({ streamId: uniqueStreamId(), expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent()] });
        expect(first.position).toBeGreaterThan(before);
        expect(await store.headPosition()).toBe(first.position);
        const second = await store.append({ streamId: uniqueStreamId(), expectedVersion: 'no-stream', events: [pendingEvent()], commandId: newId() });
        expect(second.position).toBeGreaterThan(first.position);
        expect(await store.headPosition()).toBe(second.position);
      });
    });

    describe('subscribe', () => {
      it('catches up from a checkpoint, then follows new appends in order, exactly once, until stopped', async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent(), pendingEvent()] });
        const checkpoint = (await store.readStream(streamId))[0].globalPosition;

        const received: StoredEvent[] = [];
        const batchSizes: number[] = [];
        const subscription = store.subscribe(
          (batch) => {
            batchSizes.push(batch.length);
            received.push(...batch.filter(ours([streamId])));
          },
          { after: checkpoint, batchSize: 2, pollIntervalMs: 50 },
        );
        await waitFor(() => received.length >= 2, 'the catch-up events');
        await store.append({ streamId, expectedVersion: 3, events: [pendingEvent()] });
        await store.append({ streamId, expectedVersion: 4, events: [pendingEvent(), pendingEvent()] });
        await waitFor(() => received.length >= 5, 'the live events');
        await subscription.stop();

        await store.append({ streamId, expectedVersion: 6, events: [pendingEvent()] });
        await sleep(200);
        expect(received.map((e) => e.streamVersion)).toEqual([2, 3, 4, 5, 6]);
        for (let i = 1; i < received.length; i++) expect(received[i].globalPosition).toBeGreaterThan(received[i - 1].globalPosition);
        expect(Math.max(...batchSizes)).toBeLessThanOrEqual(2);
        expect(received).toEqual(await store.readStream(streamId, { fromVersion: 2, toVersion: 6 }));
      });

      it('retries the same batch when the handler throws', async () => {
        const head = await store.headPosition();
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent(), pendingEvent()] });
        const errors: unknown[] = [];
        const delivered: StoredEvent[] = [];
        let calls = 0;
        const subscription = store.subscribe(
          (batch) => {
            calls++;
            if (calls === 1) throw new Error('projection failed');
            delivered.push(...batch.filter(ours([streamId])));
          },
          { after: head, pollIntervalMs: 20, onError: (e) => errors.push(e) },
        );
        await waitFor(() => delivered.length >= 2, 'the retried batch');
        await subscription.stop();
        expect(errors).toHaveLength(1);
        expect((errors[0] as Error).message).toBe('projection failed');
        expect(delivered.map((e) => e.streamVersion)).toEqual([1, 2]);
      });

      it('stops only after a running handler has finished', async () => {
        const head = await store.headPosition();
        let started = false;
        let finished = false;
        const subscription = store.subscribe(
          async () => {
            started = true;
            await sleep(150);
            finished = true;
          },
          { after: head, pollIntervalMs: 20 },
        );
        await store.append({ streamId: uniqueStreamId(), expectedVersion: 'no-stream', events: [pendingEvent()] });
        await waitFor(() => started, 'the handler to start');
        await subscription.stop();
        expect(finished).toBe(true);
      });
    });

    describe('command ids', () => {
      it('appends a command once and answers a repeat with the first result', async () => {
        const streamId = uniqueStreamId();
        const commandId = newId();
        const first = pendingEvent();
        const result = await store.append({ streamId, expectedVersion: 'no-stream', events: [first], commandId });
        expect(result).toMatchObject({ streamId, version: 1, duplicate: false });

        // The retry carries a stale expected version: the duplicate answer comes before the version check.
        const again = await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()], commandId });
        expect(again).toEqual({ ...result, duplicate: true });
        expect((await store.readStream(streamId)).map((e) => e.id)).toEqual([first.id]);
        expect(await store.findCommand(commandId)).toEqual({ ...result, duplicate: true });
        expect(await store.findCommand(newId())).toBeNull();
      });

      it('records no command id for a refused append, so a retry can succeed', async () => {
        const streamId = uniqueStreamId();
        await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
        const commandId = newId();
        await expectConflict(store.append({ streamId, expectedVersion: 0, events: [pendingEvent()], commandId }), {
          streamId,
          expectedVersion: 0,
          actualVersion: 1,
        });
        expect(await store.findCommand(commandId)).toBeNull();

        const retry = await store.append({ streamId, expectedVersion: 1, events: [pendingEvent()], commandId });
        expect(retry).toMatchObject({ streamId, version: 2, duplicate: false });
        expect(await store.findCommand(commandId)).toEqual({ ...retry, duplicate: true });
      });

      it("keeps a command's fingerprint with its id and hands back the first one, never a retry's", async () => {
        const streamId = uniqueStreamId();
        const commandId = newId();
        const result = await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()], commandId, commandFingerprint: 'first-request' });
        expect(result).toMatchObject({ version: 1, duplicate: false });

        const again = await store.append({ streamId, expectedVersion: 1, events: [pendingEvent()], commandId, commandFingerprint: 'another-request' });
        expect(again).toEqual({ ...result, duplicate: true, commandFingerprint: 'first-request' });
        expect(await store.findCommand(commandId)).toEqual({ ...result, duplicate: true, commandFingerprint: 'first-request' });
        expect(await store.streamVersion(streamId)).toBe(1);

        // A command without one (the system's own) records none.
        const bare = newId();
        await store.append({ streamId, expectedVersion: 1, events: [pendingEvent()], commandId: bare });
        expect(await store.findCommand(bare)).not.toHaveProperty('commandFingerprint');
      });
    });

    queryEventsContract(() => store);
  });
}
