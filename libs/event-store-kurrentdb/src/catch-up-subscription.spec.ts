import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@pmt/kernel';
import { catchUpSubscription, type CatchUpSource, type LiveEvents } from './catch-up-subscription';

type Msg = { position: number; own: boolean };
const stored = (position: number) => ({ globalPosition: position, streamVersion: position }) as unknown as StoredEvent;
const until = async (done: () => boolean) => {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};

/**
 * A server whose log is `log` and whose connections fail as `failAfter` says: each opened subscription delivers the
 * events after the position it was opened at, and the n-th connection breaks after `failAfter[n]` messages.
 */
function server(log: Msg[], failAfter: number[]) {
  const opened: number[] = [];
  const source: CatchUpSource<Msg> = {
    open(after): LiveEvents<Msg> {
      opened.push(after);
      const rest = log.filter((m) => m.position > after);
      const breakAt = failAfter[opened.length - 1] ?? Infinity;
      let taken = 0;
      let closed = false;
      return {
        get readableLength() {
          return rest.length - taken;
        },
        async unsubscribe() {
          closed = true;
        },
        async *[Symbol.asyncIterator]() {
          while (!closed && taken < rest.length) {
            if (taken === breakAt) throw new Error('connection reset');
            yield rest[taken++];
          }
          while (!closed) await new Promise((r) => setTimeout(r, 5));
        },
      };
    },
    positionOf: (m) => m.position,
    toStored: (m) => (m.own ? stored(m.position) : null),
  };
  return { source, opened };
}

describe('the KurrentDB catch-up subscription', () => {
  it('opens again after the last handled event when the connection breaks, so nothing is skipped or repeated', async () => {
    const log = Array.from({ length: 10 }, (_, i) => ({ position: (i + 1) * 10, own: i !== 4 }));
    const { source, opened } = server(log, [3, 4]);
    const handled: number[] = [];
    const errors: unknown[] = [];
    const sub = catchUpSubscription(source, (batch) => void handled.push(...batch.map((e) => e.globalPosition)), {
      after: 0,
      batchSize: 2,
      pollIntervalMs: 1,
      onError: (e) => errors.push(e),
    });
    await until(() => handled.length >= 9);
    await sub.stop();
    expect(handled).toEqual([10, 20, 30, 40, 60, 70, 80, 90, 100]);
    expect(errors).toHaveLength(2);
    // each connection starts right after what the handler had finished with
    expect(opened[0]).toBe(0);
    expect(opened[1]).toBe(20);
    expect(opened[2]).toBeGreaterThanOrEqual(40);
  });

  it('hands what has arrived to the handler in one batch, up to batchSize, and leaves out foreign events', async () => {
    const log = Array.from({ length: 7 }, (_, i) => ({ position: i + 1, own: i % 3 !== 2 }));
    const { source } = server(log, []);
    const batches: number[][] = [];
    const sub = catchUpSubscription(source, (batch) => void batches.push(batch.map((e) => e.globalPosition)), { after: 0, batchSize: 3 });
    await until(() => batches.flat().length >= 5);
    await sub.stop();
    expect(batches).toEqual([
      [1, 2, 4],
      [5, 7],
    ]);
  });
});
