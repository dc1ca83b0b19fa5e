import type { Projection, ProjectionView } from '@pmt/event-sourcing';
import {
  idInCategory,
  isBackdated,
  list,
  officeDate,
  parseStreamId,
  record,
  sourceEventOf as plainSourceEventOf,
  text,
  type SourceEvent,
  type StoredEvent,
} from '@pmt/kernel';
import { evolveMouFacts, type MouFacts } from './mou-facts';
import { evolveProposalFacts, type ProposalFacts } from './proposal-facts';
import { horizon, lateLimit, type LeadTimes } from './reminders';

/**
 * Local stream categories, never relayed: the mirrors of the mous and proposals services' events
 * (`notificationsworkflows-mou-<id>`, `notificationsworkflows-proposal-<id>`), and the record of each reminder sent
 * (`notificationsreminders-<reminderId>`). Named after the service so that a KurrentDB shared with the events
 * service, which mirrors the same MOU streams, keeps the copies apart.
 */
export const NOTIFICATIONS_MIRROR_CATEGORY = 'notificationsworkflows';
export const REMINDER_CATEGORY = 'notificationsreminders';
export const REMINDER_SENT = 'ReminderSent';

export const WorkflowCollections = {
  /** MouFacts by MOU id, plus `watchDates`: the dates reminders are about (term end, KPI due dates). */
  mous: 'workflow_mous',
  /** ProposalFacts by proposal id. */
  proposals: 'workflow_proposals',
  /** Reminders sent, by reminder id: a scheduler pass never sends one twice. */
  reminders: 'workflow_reminders',
} as const;

export const NOTIFICATION_WORKFLOW_PROJECTION = 'notification-workflows';

export const reminderStreamId = (reminderId: string): string => `${REMINDER_CATEGORY}-${reminderId}`;

/**
 * The mirror event as its source had it: the inbox keeps the producer's event id as causationId, and its occurredAt.
 * A mirror recorded more than a minute after the event occurred marks it entered late: backdated at its source
 * (Occurred-At), or, less often, mirrored after this service's downtime.
 */
export const sourceEventOf = (e: StoredEvent): SourceEvent => ({
  ...plainSourceEventOf(e),
  ...(isBackdated(e) && { enteredLateOn: officeDate(e.recordedAt) }),
});

const mirrored = (streamId: string, category: string): string | null => {
  const source = idInCategory(streamId, NOTIFICATIONS_MIRROR_CATEGORY);
  return source === null ? null : idInCategory(source, category);
};

type Docs = Pick<ProjectionView, 'get' | 'put'>;

export async function applyNotificationWorkflowEvent(e: StoredEvent, docs: Docs): Promise<void> {
  const mouId = mirrored(e.streamId, 'mou');
  if (mouId !== null) {
    const before = (await docs.get(WorkflowCollections.mous, mouId)) as MouFacts | null;
    const after = evolveMouFacts(before, mouId, sourceEventOf(e));
    if (after && after !== before) docs.put(WorkflowCollections.mous, { ...after, watchDates: watchDates(after) });
    return;
  }
  const proposalId = mirrored(e.streamId, 'proposal');
  if (proposalId !== null) {
    const before = (await docs.get(WorkflowCollections.proposals, proposalId)) as ProposalFacts | null;
    const after = evolveProposalFacts(before, proposalId, sourceEventOf(e));
    if (after && after !== before) docs.put(WorkflowCollections.proposals, { ...after });
    return;
  }
  const reminderId = e.type === REMINDER_SENT ? parseStreamId(e.streamId) : null;
  if (reminderId?.category === REMINDER_CATEGORY) {
    const d = record(e.data);
    docs.put(WorkflowCollections.reminders, {
      id: reminderId.id,
      topic: text(d.topic),
      subjectId: text(d.subjectId),
      date: text(d.date),
      leadDays: d.leadDays ?? null,
      notificationIds: list(d.notificationIds),
      sentAt: text(d.at),
    });
  }
}

const watchDates = (m: MouFacts): string[] => [...new Set([m.endsOn, ...m.kpis.map((k) => k.dueOn)].filter((d): d is string => d !== null))].sort();

/** The MOUs that may have a reminder due today (mouReminders decides which). */
export function mouCandidates(today: string, lead: LeadTimes): Record<string, unknown> {
  return {
    $or: [
      { status: 'active', watchDates: { $lte: horizon(today, lead.mouRenewalDays, lead.kpiReportDays) } },
      // a renewal reminder that came late, after the term ended
      { status: 'expired', endsOn: { $gte: lateLimit(today) } },
    ],
  };
}

/** The proposals that may have a deadline reminder due today (deadlineReminder decides). */
export function proposalCandidates(today: string, lead: LeadTimes): Record<string, unknown> {
  return { status: 'draft', submissionDeadline: { $lte: horizon(today, lead.proposalDeadlineDays), $gte: lateLimit(today) } };
}

/** Register in the notifications ServiceDefinition (projections), with both categories in localCategories. */
export const notificationWorkflowProjection: Projection = {
  name: NOTIFICATION_WORKFLOW_PROJECTION,
  collections: Object.values(WorkflowCollections),
  apply: (event, view) => applyNotificationWorkflowEvent(event, view),
};
