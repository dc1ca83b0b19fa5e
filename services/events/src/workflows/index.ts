// The events service's workflows (docs/workflows.md). main.ts starts them as background work; the definition
// registers their projection and the local category of their mirrors.
export { startEventsWorkflows, EVENTS_MOUS_DURABLE, EVENTS_PROPOSALS_DURABLE } from './transport/start-workflows';
export { eventsWorkflowProjection, EVENTS_WORKFLOW_CATEGORY, WorkflowCollections as EventsWorkflowCollections } from './workflows.projection';
import { eventsWorkflowProjection, EVENTS_WORKFLOW_CATEGORY } from './workflows.projection';

/** For the events ServiceDefinition: `projections: [...eventsWorkflowProjections]`. */
export const eventsWorkflowProjections = [eventsWorkflowProjection];
/** For the events ServiceDefinition: `localCategories: [...eventsWorkflowCategories]` (mirrors, never relayed). */
export const eventsWorkflowCategories = [EVENTS_WORKFLOW_CATEGORY];
