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

export interface FollowUpTask {
  id: string;
  title: string;
  owner: string;
  dueOn: string;
  status: 'open' | 'done';
  addedAt: string;
  completedAt: string | null;
}

/** An activity as read: plain JSON, every key always present. */
export interface Activity {
  id: string;
  status: ActivityStatus;
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
  /** People who came; null until held. */
  attendance: number | null;
  outcomes: Outcome[];
  /** The instant the office recorded it as held. */
  completedAt: string | null;
  cancellation: { reason: string; at: string } | null;
  followUpTasks: FollowUpTask[];
  createdAt: string;
  updatedAt: string;
}

export type ActivityState = { status: 'none' } | Activity;

export const initialState = (): ActivityState => ({ status: 'none' });

export function evolve(state: ActivityState, event: ActivityEvent): ActivityState {
  if (event.type === 'ActivityPlanned') return planned(event.data);
  if (state.status === 'none') return state;
  const s: Activity = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'ActivityScheduled':
      return { ...s, status: 'scheduled', startsAt: event.data.startsAt, endsAt: event.data.endsAt, location: event.data.location };
    case 'ActivityCompleted':
      return { ...s, status: 'held', attendance: event.data.attendance, outcomes: event.data.outcomes, completedAt: event.data.at };
    case 'ActivityCancelled':
      return { ...s, status: 'cancelled', cancellation: { reason: event.data.reason, at: event.data.at } };
    case 'FollowUpTaskAdded': {
      const { taskId, title, owner, dueOn, at } = event.data;
      return { ...s, followUpTasks: [...s.followUpTasks, { id: taskId, title, owner, dueOn, status: 'open', addedAt: at, completedAt: null }] };
    }
    case 'FollowUpTaskCompleted':
      return {
        ...s,
        followUpTasks: s.followUpTasks.map((t) => (t.id === event.data.taskId ? { ...t, status: 'done', completedAt: event.data.at } : t)),
      };
    default:
      return state;
  }
}

function planned(d: ActivityPlanned['data']): Activity {
  return {
    id: d.id,
    status: d.startsAt !== null && d.endsAt !== null ? 'scheduled' : 'planned',
    title: d.title,
    kind: d.kind,
    mouId: d.mouId,
    proposalId: d.proposalId,
    organisationIds: d.organisationIds,
    leadTeam: d.leadTeam,
    startsAt: d.startsAt,
    endsAt: d.endsAt,
    location: d.location,
    origin: d.origin,
    attendance: null,
    outcomes: [],
    completedAt: null,
    cancellation: null,
    followUpTasks: [],
    createdAt: d.at,
    updatedAt: d.at,
  };
}
