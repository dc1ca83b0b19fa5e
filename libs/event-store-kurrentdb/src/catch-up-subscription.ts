import type { Subscription, SubscribeOptions } from '@pmt/event-store';
import type { StoredEvent } from '@pmt/kernel';

/** What the adapter's subscription reads from: a catch-up subscription to $all, filtered on the server. */
export interface CatchUpSource<R> {
  /** Events after `after` (0: from the start), and then new ones as they are written, until unsubscribed. */
  open(after: number, checkpointReached: (position: number) => void): LiveEvents<R>;
  /** The event's commit position, or null for a message without one. */
  positionOf(resolved: R): number | null;
  /** The domain event, or null for one this store leaves out (system, bookkeeping or foreign events). */
  toStored(resolved: R): StoredEvent | null;
}

/** The part of the client's AllStreamSubscription used here: a Readable in object mode. */
export interface LiveEvents<R> extends AsyncIterable<R> {
  /** Events the client holds already: while there are some, a batch keeps filling before the handler runs. */
  readonly readableLength: number;
  unsubscribe(): Promise<void>;
}

/**
 * `EventStore.subscribe` over a catch-up subscription: the server pushes the events (no polling), filtered by stream
 * name on the server; they reach the handler in batches of what has arrived (at most `batchSize`), each batch only
 * after the previous one was handled (the iterator's back-pressure holds the rest in the client). When the handler
 * throws, or the connection fails, the subscription is opened again after the last handled event, so a failed batch
 * is delivered again and nothing is skipped. `checkpointReached` lets a quiet filter move past events it left out.
 */
export function catchUpSubscription<R>(
  source: CatchUpSource<R>,
  handler: (events: StoredEvent[]) => Promise<void> | void,
  options: SubscribeOptions,
): Subscription {
  const batchSize = options.batchSize ?? 500;
  const retryMs = options.pollIntervalMs ?? 200;
  let handled = options.after;
  let stopped = false;
  let live: LiveEvents<R> | undefined;
  let endPause: (() => void) | null = null;

  const pause = () =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve();
      const done = () => {
        clearTimeout(timer);
        endPause = null;
        resolve();
      };
      const timer = setTimeout(done, retryMs);
      endPause = done;
    });
  const report = (error: unknown) => {
    try {
      if (options.onError) options.onError(error);
      else console.error('event store subscription: retrying after error', error);
    } catch {
      // An error reporter that throws must not end the subscription.
    }
  };

  const loop = async () => {
    // The handler never runs before subscribe() has returned.
    await Promise.resolve();
    while (!stopped) {
      let batch: StoredEvent[] = [];
      let seen = handled;
      const events = source.open(handled, (position) => {
        if (batch.length === 0 && position > handled) handled = seen = Math.max(seen, position);
      });
      live = events;
      try {
        for await (const resolved of events) {
          if (stopped) break;
          const position = source.positionOf(resolved);
          if (position === null || position <= seen) continue;
          seen = position;
          const event = source.toStored(resolved);
          if (event) batch.push(event);
          if (batch.length > 0 && (batch.length >= batchSize || events.readableLength === 0)) {
            await handler(batch);
            handled = batch[batch.length - 1].globalPosition;
            batch = [];
          }
        }
        // the server ended the subscription (a restart, a leader change): open it again, not in a tight loop
        if (!stopped) await pause();
      } catch (error) {
        if (stopped) break;
        report(error);
        await events.unsubscribe().catch(() => undefined);
        await pause();
      }
    }
  };
  const finished = loop();

  return {
    async stop() {
      stopped = true;
      endPause?.();
      await live?.unsubscribe().catch(() => undefined);
      await finished;
    },
  };
}
