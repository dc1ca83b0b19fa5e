import { parseStreamId, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import { resourceFoldOf, toDomainEvent, toResource, type AggregateDefinition } from './aggregate';
import type { Doc } from '@pmt/read-model';
import type { Projection, ProjectionView } from './projection';

/**
 * The current-state read model of an aggregate: its API resource folded by the definition's resource fold
 * (the decider's state where it has none), plus `version`. An event at or below the stored version was
 * applied already and is skipped.
 */
export function aggregateProjection<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>): Projection {
  const fold = resourceFoldOf(def);
  // What the fold made and only the view holds: the view's documents are replaced by each event's result, and a
  // commit takes its documents' text when it is called, so the fold may change these in place.
  const own = fold.evolveOwned ? new WeakSet<object>() : null;
  const step = (doc: { id: string; version: number } | null, id: string, event: StoredEvent, view: ProjectionView) => {
    if (doc && doc.version >= event.streamVersion) return;
    // The document is folded with its `version` still in it, which is set anew: taking it out first would copy the
    // whole document once more for every event.
    const resource = doc ? (doc as R) : fold.initialState();
    const domainEvent = toDomainEvent(def, event);
    const next = own && fold.evolveOwned ? fold.evolveOwned(resource, domainEvent, own) : fold.evolve(resource, domainEvent);
    const fresh = (next !== resource && fold.freshResult) || own?.has(next as object);
    view.put(def.collection, fresh ? withVersion(next, id, event.streamVersion) : toResource(next, id, event.streamVersion));
  };
  return {
    name: `${def.collection}-current`,
    collections: [def.collection],
    // Synchronous when the view already knows the document (a rebuild, mostly): an await per event costs a microtask.
    apply(event: StoredEvent, view: ProjectionView) {
      const stream = parseStreamId(event.streamId);
      if (stream?.category !== def.category) return;
      const id = stream.id;
      const known = view.peek<{ id: string; version: number }>(def.collection, id);
      if (known !== undefined) return step(known, id, event, view);
      return view.get<{ id: string; version: number }>(def.collection, id).then((doc) => step(doc, id, event, view));
    },
  };
}

/** toResource on an object nobody else holds: the same keys in the same order, without the copy. */
function withVersion<R>(resource: R, id: string, version: number): Doc {
  const doc = resource as Doc & { version: number };
  doc.id = id;
  doc.version = version;
  return doc;
}
