import type { DomainEvent } from '@pmt/kernel';

export const streamIdOf = (id: string): string => `activity-${id}`;

export type ActivityKind = 'workshop' | 'training' | 'networking' | 'signing-ceremony' | 'kickoff' | 'review' | 'competition' | 'other';
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['workshop', 'training', 'networking', 'signing-ceremony', 'kickoff', 'review', 'competition', 'other'];

/** planned: no time yet; scheduled: has a time; held and cancelled are final. */
export type ActivityStatus = 'planned' | 'scheduled' | 'held' | 'cancelled';
export const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['planned', 'scheduled', 'held', 'cancelled'];

/** Which workflow planned the activity and the event that made it do so; null when a person planned it. */
export interface ActivityOrigin {
  workflow: string;
  sourceEventId: string;
}

export interface Outcome {
  id: string;
  title: string;
  organisationId: string | null;
  detail: string | null;
}

export const ActivityEventType = {
  ActivityPlanned: 'ActivityPlanned',
  ActivityScheduled: 'ActivityScheduled',
  ActivityCompleted: 'ActivityCompleted',
  ActivityCancelled: 'ActivityCancelled',
  FollowUpTaskAdded: 'FollowUpTaskAdded',
  FollowUpTaskCompleted: 'FollowUpTaskCompleted',
} as const;
export const ACTIVITY_EVENT_TYPES: readonly string[] = Object.values(ActivityEventType);

/** `at` on every event is the command's `now`: the instant the office recorded the change. Instants are UTC ISO-8601. */
export type ActivityPlanned = DomainEvent<
  'ActivityPlanned',
  {
    id: string;
    title: string;
    kind: ActivityKind;
    mouId: string | null;
    proposalId: string | null;
    organisationIds: string[];
    leadTeam: string | null;
    startsAt: string | null;
    endsAt: string | null;
    location: string | null;
    origin: ActivityOrigin | null;
    at: string;
  }
>;
/** `location` is the location after the change (kept, changed or cleared), so the event reads on its own. */
export type ActivityScheduled = DomainEvent<'ActivityScheduled', { startsAt: string; endsAt: string; location: string | null; at: string }>;
/**
 * Self-contained: the partnership view counts activities held and people reached from this event alone, so it
 * carries the organisations and what the activity belongs to, not only the attendance.
 */
export type ActivityCompleted = DomainEvent<
  'ActivityCompleted',
  {
    attendance: number;
    outcomes: Outcome[];
    organisationIds: string[];
    mouId: string | null;
    proposalId: string | null;
    at: string;
  }
>;
export type ActivityCancelled = DomainEvent<'ActivityCancelled', { reason: string; at: string }>;
export type FollowUpTaskAdded = DomainEvent<'FollowUpTaskAdded', { taskId: string; title: string; owner: string; dueOn: string; at: string }>;
export type FollowUpTaskCompleted = DomainEvent<'FollowUpTaskCompleted', { taskId: string; at: string }>;

export type ActivityEvent = ActivityPlanned | ActivityScheduled | ActivityCompleted | ActivityCancelled | FollowUpTaskAdded | FollowUpTaskCompleted;

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

interface WithTasks {
  id: string;
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
/** Nothing is left to decide on a cancelled activity. */
export type CancelledActivity = { status: 'cancelled' };

export type Activity = PlannedActivity | ScheduledActivity | HeldActivity | CancelledActivity;

export const initialState = (): ActivityState => ({ status: 'none' });

export function evolve(state: ActivityState, event: ActivityEvent): ActivityState {
  switch (event.type) {
    case 'ActivityPlanned': {
      const { id, mouId, proposalId, organisationIds, location, startsAt, endsAt } = event.data;
      const upcoming: Upcoming = { id, tasks: [], mouId, proposalId, organisationIds, location };
      return startsAt !== null && endsAt !== null ? { ...upcoming, status: 'scheduled', startsAt, endsAt } : { ...upcoming, status: 'planned' };
    }
    case 'ActivityScheduled':
      if (state.status !== 'planned' && state.status !== 'scheduled') return state;
      return { ...state, status: 'scheduled', startsAt: event.data.startsAt, endsAt: event.data.endsAt, location: event.data.location };
    case 'ActivityCompleted':
      return state.status === 'planned' || state.status === 'scheduled' ? { status: 'held', id: state.id, tasks: state.tasks } : state;
    case 'ActivityCancelled':
      return state.status === 'none' ? state : { status: 'cancelled' };
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
