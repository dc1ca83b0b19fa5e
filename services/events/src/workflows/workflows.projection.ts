import type { Projection, ProjectionView } from '@pmt/event-sourcing';
import { idInCategory, record, sourceEventOf, text, type StoredEvent } from '@pmt/kernel';
import { EVENTS_WORKFLOWS } from './activity-plans';
import { evolveMouFacts, type MouFacts } from './mou-facts';

/**
 * Stream category of this service's mirrors of the mous service's events (`eventsworkflows-mou-<id>`): local
 * streams, which the relay does not publish. Named after the service so that a KurrentDB shared with the
 * notifications service, which mirrors the same streams, keeps the two copies apart.
 */
export const EVENTS_WORKFLOW_CATEGORY = 'eventsworkflows';

export const WorkflowCollections = {
  /** MouFacts by MOU id. */
  mous: 'workflow_mous',
  /** The activities the workflows have planned, by activity id: what a scheduler pass need not plan again. */
  planned: 'workflow_activities',
} as const;

export const EVENTS_WORKFLOW_PROJECTION = 'events-workflows';

/** `mou-<id>` of `eventsworkflows-mou-<id>`, or null for any other stream. */
export function mirroredMouId(streamId: string, category = EVENTS_WORKFLOW_CATEGORY): string | null {
  const source = idInCategory(streamId, category);
  return source === null ? null : idInCategory(source, 'mou');
}

type Docs = Pick<ProjectionView, 'get' | 'put'>;

export async function applyEventsWorkflowEvent(e: StoredEvent, docs: Docs): Promise<void> {
  const mouId = mirroredMouId(e.streamId);
  if (mouId !== null) {
    const before = (await docs.get(WorkflowCollections.mous, mouId)) as MouFacts | null;
    const after = evolveMouFacts(before, mouId, sourceEventOf(e));
    if (after && after !== before) docs.put(WorkflowCollections.mous, { ...after });
    return;
  }
  // The service's own activities: a planned one whose origin is one of these workflows is done for good.
  if (e.type === 'ActivityPlanned' && e.streamId.startsWith('activity-')) {
    const d = record(e.data);
    const workflow = text(record(d.origin).workflow);
    if (EVENTS_WORKFLOWS.includes(workflow)) docs.put(WorkflowCollections.planned, { id: text(d.id), workflow, mouId: d.mouId ?? null });
  }
}

/** Register in the events ServiceDefinition (projections), with EVENTS_WORKFLOW_CATEGORY in localCategories. */
export const eventsWorkflowProjection: Projection = {
  name: EVENTS_WORKFLOW_PROJECTION,
  collections: Object.values(WorkflowCollections),
  apply: (event, view) => applyEventsWorkflowEvent(event, view),
};
