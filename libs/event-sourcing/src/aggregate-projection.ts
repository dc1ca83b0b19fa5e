import { parseStreamId, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import { resourceFoldOf, toDomainEvent, toResource, type AggregateDefinition } from './aggregate';
import type { Projection, ProjectionView } from './projection';

/**
 * The current-state read model of an aggregate: its API resource folded by the definition's resource fold
 * (the decider's state where it has none), plus `version`. An event at or below the stored version was
 * applied already and is skipped.
 */
export function aggregateProjection<C, E extends DomainEvent, S, R>(def: AggregateDefinition<C, E, S, R>): Projection {
  const fold = resourceFoldOf(def);
  return {
    name: `${def.collection}-current`,
    collections: [def.collection],
    async apply(event: StoredEvent, view: ProjectionView) {
      const stream = parseStreamId(event.streamId);
      if (stream?.category !== def.category) return;
      const id = stream.id;
      const doc = await view.get<{ id: string; version: number }>(def.collection, id);
      if (doc && doc.version >= event.streamVersion) return;
      // The document is folded with its `version` still in it, which toResource sets anew: taking it out first
      // would copy the whole document once more for every event.
      const resource = doc ? (doc as R) : fold.initialState();
      const next = fold.evolve(resource, toDomainEvent(def, event));
      view.put(def.collection, toResource(next, id, event.streamVersion));
    },
  };
}
