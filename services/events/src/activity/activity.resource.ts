import type { ResourceFold } from '@pmt/event-sourcing';
import type { ActivityEvent, ActivityKind, ActivityOrigin, ActivityPlanned, ActivityStatus, Outcome } from './activity';

export interface FollowUpTask {
  id: string;
  title: string;
  owner: string;
  dueOn: string;
  status: 'open' | 'done';
  addedAt: string;
  completedAt: string | null;
}

/** An activity as the API shows it: plain JSON, every key always present. */
export interface ActivityResource {
  id: string;
  status: ActivityStatus;
  title: string;
  kind: ActivityKind;
  mouId: string | null;
  proposalId: string | null;
  organisationIds: string[];
  leadTeam: string | null;
  /** Only the lead team, admins and auditors see it anywhere (404 to everyone else). */
  confidential: boolean;
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

/** What the fold holds before the activity is planned (never stored: the first event plans it). */
export type ActivityView = { status: 'none' } | ActivityResource;

/** The activity resource from its events: the `activities` read model, history `asOf` and diffs. */
export function evolveActivityResource(state: ActivityView, event: ActivityEvent): ActivityView {
  if (event.type === 'ActivityPlanned') return planned(event.data);
  if (state.status === 'none') return state;
  const s: ActivityResource = { ...state, updatedAt: event.data.at };
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
    case 'ActivityConfidentialityChanged':
      return { ...s, confidential: event.data.confidential };
    case 'FollowUpTaskCompleted':
      return {
        ...s,
        followUpTasks: s.followUpTasks.map((t) => (t.id === event.data.taskId ? { ...t, status: 'done', completedAt: event.data.at } : t)),
      };
    default:
      return state;
  }
}

export const activityResource: ResourceFold<ActivityEvent, ActivityView> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveActivityResource,
};

function planned(d: ActivityPlanned['data']): ActivityResource {
  return {
    id: d.id,
    status: d.startsAt !== null && d.endsAt !== null ? 'scheduled' : 'planned',
    title: d.title,
    kind: d.kind,
    mouId: d.mouId,
    proposalId: d.proposalId,
    organisationIds: d.organisationIds,
    leadTeam: d.leadTeam,
    confidential: d.confidential === true,
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
