import type { ConfidentialityChangedData } from '@pmt/contracts-common';
import { record, type DomainEvent } from '@pmt/kernel';
import { ACTIVITY_KINDS, ACTIVITY_STATUSES } from './schemas';

/** The integration events of the events service's activities (`events.events.activity.<type>`, stream `activity-<id>`; docs/integration-events.md). */

export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
/** planned: no time yet; scheduled: has a time; held and cancelled are final. */
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

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
  ActivityConfidentialityChanged: 'ActivityConfidentialityChanged',
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
    /** Missing on activities planned before confidentiality existed: false. */
    confidential?: boolean;
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
export type ActivityConfidentialityChanged = DomainEvent<'ActivityConfidentialityChanged', ConfidentialityChangedData>;

export type ActivityEvent =
  ActivityPlanned | ActivityScheduled | ActivityCompleted | ActivityCancelled | FollowUpTaskAdded | FollowUpTaskCompleted | ActivityConfidentialityChanged;

/** An event of `activity-<id>` as another service receives it: one of this contract's types with its data. */
export type IncomingActivityEvent = {
  [T in ActivityEvent['type']]: { type: T; data: Extract<ActivityEvent, { type: T }>['data'] };
}[ActivityEvent['type']];

/** The event typed by this contract, or null for a type it does not define; consumers still read its data leniently. */
export function activityEventOf(e: { type: string; data: unknown }): IncomingActivityEvent | null {
  return ACTIVITY_EVENT_TYPES.includes(e.type) ? ({ type: e.type, data: record(e.data) } as IncomingActivityEvent) : null;
}
