export const streamIdOf = (id: string): string => `activity-${id}`;

// The statuses, kinds and integration events are the events contract's (libs/contracts/events/src/events.ts).
export {
  ACTIVITY_EVENT_TYPES,
  ACTIVITY_KINDS,
  ACTIVITY_STATUSES,
  ActivityEventType,
  type ActivityCancelled,
  type ActivityCompleted,
  type ActivityConfidentialityChanged,
  type ActivityEvent,
  type ActivityKind,
  type ActivityOrigin,
  type ActivityPlanned,
  type ActivityScheduled,
  type ActivityStatus,
  type FollowUpTaskAdded,
  type FollowUpTaskCompleted,
  type Outcome,
} from '@pmt/contracts-events';
import type { ActivityEvent } from '@pmt/contracts-events';
import type { Visibility } from '@pmt/kernel';

/**
 * What `decide` needs of an activity, and no more, one shape per status: before it is held, what it belongs to
 * and where (the completion event carries them, a reschedule keeps the location); once scheduled, its time;
 * until cancelled, its follow-up tasks' ids and titles. The resource is activity.resource.ts.
 */
export type ActivityState = { status: 'none' } | PlannedActivity | ScheduledActivity | HeldActivity | CancelledActivity;

/** A follow-up task as far as deciding goes: a new one needs a new id, a done one is not done again. */
export interface TaskKey {
  id: string;
  title: string;
  completedAt: string | null;
}

/** Who may see it (the kernel's canSee): kept in every status, as confidentiality may change in any. */
export interface Visible {
  id: string;
  confidential: boolean;
  leadTeam: string | null;
}

interface WithTasks extends Visible {
  tasks: TaskKey[];
}

interface Upcoming extends WithTasks {
  mouId: string | null;
  proposalId: string | null;
  organisationIds: string[];
  location: string | null;
}

export type PlannedActivity = Upcoming & { status: 'planned' };
export type ScheduledActivity = Upcoming & { status: 'scheduled'; startsAt: string; endsAt: string };
export type HeldActivity = WithTasks & { status: 'held' };
/** Nothing is left to decide on a cancelled activity but who may see it. */
export type CancelledActivity = Visible & { status: 'cancelled' };

export type Activity = PlannedActivity | ScheduledActivity | HeldActivity | CancelledActivity;

export const initialState = (): ActivityState => ({ status: 'none' });

export function evolve(state: ActivityState, event: ActivityEvent): ActivityState {
  switch (event.type) {
    case 'ActivityPlanned': {
      const { id, mouId, proposalId, organisationIds, location, startsAt, endsAt, leadTeam } = event.data;
      const confidential = event.data.confidential === true;
      const upcoming: Upcoming = { id, confidential, leadTeam, tasks: [], mouId, proposalId, organisationIds, location };
      return startsAt !== null && endsAt !== null ? { ...upcoming, status: 'scheduled', startsAt, endsAt } : { ...upcoming, status: 'planned' };
    }
    case 'ActivityScheduled':
      if (state.status !== 'planned' && state.status !== 'scheduled') return state;
      return { ...state, status: 'scheduled', startsAt: event.data.startsAt, endsAt: event.data.endsAt, location: event.data.location };
    case 'ActivityCompleted':
      return state.status === 'planned' || state.status === 'scheduled' ? { status: 'held', ...visibleOf(state), tasks: state.tasks } : state;
    case 'ActivityCancelled':
      return state.status === 'none' ? state : { status: 'cancelled', ...visibleOf(state) };
    case 'ActivityConfidentialityChanged':
      return state.status === 'none' ? state : { ...state, confidential: event.data.confidential };
    case 'FollowUpTaskAdded':
      if (state.status === 'none' || state.status === 'cancelled') return state;
      return { ...state, tasks: [...state.tasks, { id: event.data.taskId, title: event.data.title, completedAt: null }] };
    case 'FollowUpTaskCompleted':
      if (state.status === 'none' || state.status === 'cancelled') return state;
      return { ...state, tasks: state.tasks.map((t) => (t.id === event.data.taskId ? { ...t, completedAt: event.data.at } : t)) };
    default:
      return state;
  }
}

const visibleOf = (a: Visible): Visible => ({ id: a.id, confidential: a.confidential, leadTeam: a.leadTeam });

/** The aggregate definition's `visibilityOf`: nothing to hide before the activity exists. */
export function activityVisibility(state: ActivityState): Visibility {
  return state.status === 'none' ? { confidential: false, leadTeam: null } : { confidential: state.confidential, leadTeam: state.leadTeam };
}
