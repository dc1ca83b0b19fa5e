import type { EventStore } from '@pmt/event-store';
import type { AggregateDefinition } from './aggregate';

/** A decider state as of a stream version: the fold of exactly the stream's first `version` events. */
export interface CachedState<S> {
  version: number;
  state: S;
  /** occurredAt of the stream's event at `version` (commands never date an event before it). */
  lastOccurredAt: string | undefined;
}

/** Streams kept per store; an MOU's decision state is a few KiB, so this stays well under a few MiB. */
export const STATE_CACHE_SIZE = 1000;

interface Entry {
  // the definition that folded it: two definitions over one category must not share states
  def: unknown;
  value: CachedState<unknown>;
}

/**
 * Recent decider states by stream, least recently used dropped first, so that a command folds only the events
 * after the cached version instead of the whole stream. Events are never changed once stored, so a state
 * folded from versions 1..v stays right for that prefix whoever appends later; the command handler reads what
 * came after v (other processes included) and the append's expected version still guards against a writer in
 * between. One cache per store object (a WeakMap), so that two stores (files, connections) never share one.
 */
export class StateCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly size = STATE_CACHE_SIZE) {}

  get<S>(def: AggregateDefinition<unknown, never, S, unknown> | object, streamId: string): CachedState<S> | undefined {
    const entry = this.entries.get(streamId);
    if (!entry || entry.def !== def) return undefined;
    // most recently used last
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    return entry.value as CachedState<S>;
  }

  set<S>(def: object, streamId: string, value: CachedState<S>): void {
    const current = this.entries.get(streamId);
    // never go back to an older version (two commands on one stream can finish in any order)
    if (current && current.def === def && current.value.version > value.version) return;
    this.entries.delete(streamId);
    this.entries.set(streamId, { def, value });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  get count(): number {
    return this.entries.size;
  }
}

const caches = new WeakMap<EventStore, StateCache>();

export function stateCacheOf(store: EventStore): StateCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new StateCache()));
  return cache;
}
