import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import {
  activityDecider,
  activityResource,
  activityVisibility,
  type ActivityCommand,
  type ActivityEvent,
  type ActivityState,
  type ActivityView,
} from './activity';
import { calendarProjection } from './calendar/calendar.projection';
import { eventsWorkflowCategories, eventsWorkflowProjections } from './workflows';

export const activityAggregate: AggregateDefinition<ActivityCommand, ActivityEvent, ActivityState, ActivityView> = {
  category: 'activity',
  collection: 'activities',
  decider: activityDecider,
  resource: activityResource,
  visibilityOf: activityVisibility,
};

/**
 * The activity aggregate, plus what the workflows keep (their projection and their mirrors of other services'
 * events) and the office calendar, folded from the activities and those mirrors.
 */
export const eventsDefinition: ServiceDefinition = {
  aggregates: [{ def: activityAggregate, label: 'activity' }],
  projections: [...eventsWorkflowProjections, calendarProjection],
  localCategories: [...eventsWorkflowCategories],
};
