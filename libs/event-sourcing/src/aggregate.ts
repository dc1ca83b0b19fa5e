import type { Decider, DomainEvent, StoredEvent, Visibility } from '@pmt/kernel';

/**
 * A pure fold of an aggregate's events into the document the API shows: its read model, kept apart from the
 * decider's state so that the decision state can stay small while the resource keeps everything.
 */
export interface ResourceFold<E extends DomainEvent, R> {
  initialState(): R;
  evolve(resource: R, event: E): R;
  /**
   * Optional: the same as reducing `evolve` over `events` from `initialState()`, faster (history `asOf` folds
   * whole streams; a fold that owns its intermediate values can append to lists instead of copying them).
   */
  foldAll?(events: readonly E[]): R;
  /**
   * Optional promise: `evolve` returns its input or an object made by that call that nothing else holds (not the
   * event's data, not a shared constant). The current-state projection then sets `id` and `version` on that object
   * instead of copying the whole document once more for every event.
   */
  freshResult?: boolean;
  /**
   * Optional: `evolve` for a caller that keeps no earlier resource (the current-state projection): it may change in
   * place the objects in `own`, which it made in earlier calls with the same set and nobody else holds, and adds
   * those it makes. The same result as `evolve`, with less copying.
   */
  evolveOwned?(resource: R, event: E, own: WeakSet<object>): R;
}

/**
 * Everything the platform needs to run one kind of aggregate: its decider, where its events live
 * (streams `<category>-<id>`) and where its current-state document lives (a read-model collection).
 */
export interface AggregateDefinition<C, E extends DomainEvent, S, R = S> {
  /** Stream category, e.g. `mou` for streams `mou-<id>`. */
  category: string;
  /** Read-model collection of current-state documents, e.g. `mous`. */
  collection: string;
  decider: Decider<C, E, S>;
  /** The API resource's own fold (its read model, `stateAt`, diffs); without it the decider's state is the resource. */
  resource?: ResourceFold<E, R>;
  /** Schema version written for new events of a type; default 1. */
  schemaVersionOf?: (type: string) => number;
  /** Turns a stored event of any schema version into the current domain event shape. */
  upcast?: (event: StoredEvent) => E;
  /** Whether the aggregate is confidential and which team leads it, from the decider's state (see kernel's visibility). */
  visibilityOf?: (state: S) => Visibility;
}

export { streamIdOf } from '@pmt/kernel';

export function toDomainEvent<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>, event: StoredEvent): E {
  return def.upcast ? def.upcast(event) : ({ type: event.type, data: event.data } as E);
}

/** Folds stored events into the decider's state, through the upcaster. */
export function foldEvents<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>, events: readonly StoredEvent[]): S {
  return foldFrom(def, def.decider.initialState(), events);
}

/** Folds stored events onto a state already folded from the events before them. */
export function foldFrom<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>, state: S, events: readonly StoredEvent[]): S {
  for (const e of events) state = def.decider.evolve(state, toDomainEvent(def, e));
  return state;
}

/** The fold of the API resource: the definition's own, or the decider's state where the aggregate has none. */
export function resourceFoldOf<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>): ResourceFold<E, R> {
  return def.resource ?? (def.decider as unknown as ResourceFold<E, R>);
}

/** Folds stored events into the API resource, through the upcaster. */
export function foldResource<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>, events: readonly StoredEvent[]): R {
  const fold = resourceFoldOf(def);
  if (fold.foldAll) return fold.foldAll(events.map((e) => toDomainEvent(def, e)));
  let resource = fold.initialState();
  for (const e of events) resource = fold.evolve(resource, toDomainEvent(def, e));
  return resource;
}

/** The current-state document: the aggregate's JSON resource plus its version. */
export type ResourceDoc<R> = R & { id: string; version: number };

export function toResource<R>(resource: R, id: string, version: number): ResourceDoc<R> {
  return { ...(resource as object), id, version } as ResourceDoc<R>;
}
