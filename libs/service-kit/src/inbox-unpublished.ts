import type { EventStore } from '@pmt/event-store';
import { parseStreamId, type StoredEvent } from '@pmt/kernel';

/**
 * The service's store as its relay sees it: without the streams of `categories`. An inbox holds copies of
 * other services' events; their owners publish them, and a second publication under this service's name
 * would only mislead its consumers. Writes and stream reads pass through unchanged.
 */
export function withoutCategories(store: EventStore, categories: readonly string[]): EventStore {
  if (categories.length === 0) return store;
  const hidden = new Set(categories);
  const keep = (e: StoredEvent) => !hidden.has(parseStreamId(e.streamId)?.category ?? '');
  return {
    append: (request) => store.append(request),
    readStream: (streamId, options) => store.readStream(streamId, options),
    streamVersion: (streamId) => store.streamVersion(streamId),
    headPosition: () => store.headPosition(),
    findCommand: (commandId) => store.findCommand(commandId),
    queryEvents: (query, options) => store.queryEvents(query, options),
    close: () => store.close(),
    // An empty answer means "nothing more": read on past batches that were all hidden.
    async readAll(options) {
      for (let after = options.after; ;) {
        const batch = await store.readAll({ ...options, after });
        if (batch.length === 0) return [];
        const kept = batch.filter(keep);
        if (kept.length > 0) return kept;
        after = batch[batch.length - 1].globalPosition;
      }
    },
    subscribe: (handler, options) => store.subscribe((events) => handler(events.filter(keep)), options),
  };
}
