import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { pendingEvent, uniqueStreamId } from '@pmt/event-store/testing';
import type { AppendRequest, AppendResult } from '@pmt/event-store';
import { isCodedError, newId, verifyChain } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * Group commit: appends made at the same time share one transaction and one fsync, yet each caller gets its own
 * answer, only once its batch is committed, and a refused append leaves the others of its batch untouched.
 */
describe('SQLite store: concurrent appends committed together', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let reader: SqliteEventStore;

  beforeEach(() => {
    dir = tempDir('pmt-es-group-');
    const file = join(dir.path, 'service.db');
    store = SqliteEventStore.open(file);
    // another connection, as another process would read the file
    reader = SqliteEventStore.open(file);
  });

  afterEach(async () => {
    await store.close();
    await reader.close();
    dir.remove();
  });

  it('answers each of many interleaved appends on its own: one winner per expected version, the rest conflict and write nothing', async () => {
    const streams = Array.from({ length: 20 }, () => uniqueStreamId('group'));
    for (const streamId of streams) await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()] });
    const batchesBefore = store.appendBatches;

    type Sent = { request: AppendRequest; kind: 'racing' | 'any' | 'retry' };
    const sent: Sent[] = [];
    const retried = newId();
    streams.forEach((streamId, s) => {
      // six appends per stream at version 1 (one may win), two at any version, interleaved across streams
      for (let i = 0; i < 6; i++)
        sent.push({ kind: 'racing', request: { streamId, expectedVersion: 1, commandId: newId(), events: [pendingEvent(), pendingEvent()] } });
      for (let i = 0; i < 2; i++) sent.push({ kind: 'any', request: { streamId, expectedVersion: 'any', events: [pendingEvent()] } });
      // the same command sent three times at once (a client retrying): written once
      if (s === 0)
        for (let i = 0; i < 3; i++) sent.push({ kind: 'retry', request: { streamId, expectedVersion: 'any', commandId: retried, events: [pendingEvent()] } });
    });
    sent.sort(() => Math.random() - 0.5);

    // each answer must already be readable by another connection when it arrives: committed before acknowledged
    const visibleAtAnswer: boolean[] = [];
    const outcomes = await Promise.allSettled(
      sent.map(({ request }) =>
        store.append(request).then(async (result: AppendResult) => {
          const events = await reader.readStream(request.streamId, { fromVersion: result.version, toVersion: result.version });
          visibleAtAnswer.push(events.length === 1);
          return result;
        }),
      ),
    );

    // they were grouped: far fewer transactions than appends
    const batches = store.appendBatches - batchesBefore;
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(sent.length / 4);
    expect(visibleAtAnswer.every(Boolean)).toBe(true);

    for (const streamId of streams) {
      const mine = sent.map((s, i) => ({ ...s, outcome: outcomes[i] })).filter((s) => s.request.streamId === streamId);
      const racing = mine.filter((s) => s.kind === 'racing');
      const won = racing.filter((s) => s.outcome.status === 'fulfilled');
      // at most one append at version 1 can win (none when an 'any' append came first)
      expect(won.length).toBeLessThanOrEqual(1);
      for (const lost of racing.filter((s) => s.outcome.status === 'rejected')) {
        const reason = (lost.outcome as PromiseRejectedResult).reason;
        expect(isCodedError(reason) && reason.code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
      }
      // every 'any' append got in
      expect(mine.filter((s) => s.kind === 'any').every((s) => s.outcome.status === 'fulfilled')).toBe(true);

      // what is stored is exactly what was acknowledged, in one unbroken chain
      const stored = await reader.readStream(streamId);
      const acknowledgedIds = mine
        .filter((s) => s.outcome.status === 'fulfilled' && !(s.outcome as PromiseFulfilledResult<AppendResult>).value.duplicate)
        .flatMap((s) => s.request.events.map((e) => e.id));
      expect(
        stored
          .slice(1)
          .map((e) => e.id)
          .sort(),
      ).toEqual(acknowledgedIds.sort());
      expect(verifyChain(stored).valid).toBe(true);
      // each acknowledged append's events sit at the version it was answered with
      for (const s of mine.filter((x) => x.outcome.status === 'fulfilled')) {
        const result = (s.outcome as PromiseFulfilledResult<AppendResult>).value;
        if (result.duplicate) continue;
        const ids = stored.slice(result.version - s.request.events.length, result.version).map((e) => e.id);
        expect(ids).toEqual(s.request.events.map((e) => e.id));
      }
    }

    // they really raced: most appends at version 1 lost
    expect(outcomes.filter((o) => o.status === 'rejected').length).toBeGreaterThanOrEqual(streams.length * 5);
    const retries = sent.map((s, i) => ({ ...s, outcome: outcomes[i] })).filter((s) => s.kind === 'retry');
    const answers = retries.map((s) => (s.outcome as PromiseFulfilledResult<AppendResult>).value);
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
    expect(new Set(answers.map((a) => a.version)).size).toBe(1);
  });

  it('refuses an append with bad data alone, and commits the rest of its batch', async () => {
    const good = uniqueStreamId('group');
    const bad = uniqueStreamId('group');
    const results = await Promise.allSettled([
      store.append({ streamId: good, expectedVersion: 'no-stream', events: [pendingEvent()] }),
      // no JSON data: refused when the store writes it, inside the batch
      store.append({ streamId: bad, expectedVersion: 'no-stream', events: [pendingEvent('Broken', {}, { data: undefined })] }),
      store.append({ streamId: good, expectedVersion: 1, events: [pendingEvent()] }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await reader.streamVersion(good)).toBe(2);
    expect(await reader.streamVersion(bad)).toBe(0);
  });
});
