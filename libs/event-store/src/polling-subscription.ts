import type { SubscribeOptions, Subscription } from './event-store.port';
import type { StoredEvent } from '@pmt/kernel';

export interface PollingSource {
  /** One batch after a position, in global order. */
  read(after: number, limit: number): StoredEvent[] | Promise<StoredEvent[]>;
  /** Calls `wake` when something may have been appended; returns how to stop listening. */
  listen(wake: () => void): () => void;
}

/**
 * Catch-up subscription as a loop: read a batch after the checkpoint, hand it over, advance; when there is
 * nothing new, sleep until woken by an append or until the poll interval passes (appends by other processes).
 * stop() waits for the running handler, so a handler must not await stop() of its own subscription.
 */
export function pollingSubscription(source: PollingSource, handler: (events: StoredEvent[]) => Promise<void> | void, options: SubscribeOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  let position = options.after;
  let stopped = false;
  // Set when an append is announced while a read is in flight, so that the loop does not sleep past it.
  let appendedSinceRead = false;
  let endPause: (() => void) | null = null;
  let wakeFromPause: (() => void) | null = null;

  const pause = (wakeable: boolean) =>
    new Promise<void>((resolve) => {
      if (stopped || (wakeable && appendedSinceRead)) return resolve();
      const done = () => {
        clearTimeout(timer);
        endPause = wakeFromPause = null;
        resolve();
      };
      const timer = setTimeout(done, pollIntervalMs);
      endPause = done;
      wakeFromPause = wakeable ? done : null;
    });

  const report = (error: unknown) => {
    try {
      if (options.onError) options.onError(error);
      else console.error('event store subscription: retrying after error', error);
    } catch {
      // An error reporter that throws must not end the subscription.
    }
  };

  const unlisten = source.listen(() => {
    appendedSinceRead = true;
    wakeFromPause?.();
  });

  const loop = async () => {
    // The handler never runs before subscribe() has returned.
    await Promise.resolve();
    while (!stopped) {
      appendedSinceRead = false;
      let batch: StoredEvent[];
      try {
        batch = await source.read(position, batchSize);
      } catch (error) {
        if (stopped) break;
        report(error);
        await pause(false);
        continue;
      }
      if (stopped) break;
      if (batch.length === 0) {
        await pause(true);
        continue;
      }
      try {
        await handler(batch);
        position = batch[batch.length - 1].globalPosition;
        // A synchronous read and handler would otherwise catch up a long backlog without letting I/O and timers run.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (error) {
        report(error);
        await pause(false);
      }
    }
    unlisten();
  };
  const finished = loop();

  return {
    async stop() {
      stopped = true;
      endPause?.();
      await finished;
    },
  };
}
