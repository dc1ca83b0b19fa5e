import type { Decider, DomainEvent, StoredEvent } from '@pmt/kernel';

/**
 * Everything the platform needs to run one kind of aggregate: its decider, where its events live
 * (streams `<category>-<id>`) and where its current-state document lives (a read-model collection).
 */
export interface AggregateDefinition<C, E extends DomainEvent, S> {
  /** Stream category, e.g. `mou` for streams `mou-<id>`. */
  category: string;
  /** Read-model collection of current-state documents, e.g. `mous`. */
  collection: string;
  decider: Decider<C, E, S>;
  /** Schema version written for new events of a type; default 1. */
  schemaVersionOf?: (type: string) => number;
  /** Turns a stored event of any schema version into the current domain event shape. */
  upcast?: (event: StoredEvent) => E;
}

export { streamIdOf } from '@pmt/kernel';

export function toDomainEvent<C, E extends DomainEvent, S>(def: AggregateDefinition<C, E, S>, event: StoredEvent): E {
  return def.upcast ? def.upcast(event) : ({ type: event.type, data: event.data } as E);
}

/** Folds stored events into state, through the upcaster. */
export function foldEvents<C, E extends DomainEvent, S>(def: AggregateDefinition<C, E, S>, events: readonly StoredEvent[]): S {
  let state = def.decider.initialState();
  for (const e of events) state = def.decider.evolve(state, toDomainEvent(def, e));
  return state;
}

/** The current-state document: the aggregate's JSON state plus its version. */
export type ResourceDoc<S> = S & { id: string; version: number };

export function toResource<S>(state: S, id: string, version: number): ResourceDoc<S> {
  return { ...(state as object), id, version } as ResourceDoc<S>;
}
