import { CHANNELS, NOTIFICATION_STATUSES } from '@pmt/contracts-notifications';
import type { DomainEvent } from '@pmt/kernel';

export const streamIdOf = (id: string): string => `notification-${id}`;

export type Channel = (typeof CHANNELS)[number];
export { CHANNELS, NOTIFICATION_STATUSES };

/**
 * requested → sending (an attempt started) → sent | failed (→ sending again once nextAttemptAt has come) → given-up.
 * In-app notifications skip the attempts: recording them as sent is their delivery (to the inbox), and only
 * they are acknowledged.
 */
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** What the notification is about, for the reader to open: `{ resource: 'mous', id }`. */
export interface Link {
  resource: string;
  id: string;
}

export const NotificationEventType = {
  NotificationRequested: 'NotificationRequested',
  NotificationAttemptStarted: 'NotificationAttemptStarted',
  NotificationSent: 'NotificationSent',
  NotificationFailed: 'NotificationFailed',
  NotificationGivenUp: 'NotificationGivenUp',
  NotificationAcknowledged: 'NotificationAcknowledged',
  NotificationVisibilityChanged: 'NotificationVisibilityChanged',
} as const;
export const NOTIFICATION_EVENT_TYPES: readonly string[] = Object.values(NotificationEventType);

/** `at` on every event is the command's `now`. `sendAfter` is a UTC instant (normalised to `toISOString` form) or null: at once. */
export type NotificationRequested = DomainEvent<
  'NotificationRequested',
  {
    id: string;
    channel: Channel;
    recipient: string;
    subject: string;
    body: string;
    topic: string;
    link: Link | null;
    sendAfter: string | null;
    /**
     * Of the record the notice is about (its link): a notice about a confidential MOU, proposal or grant is seen only
     * by the record's lead team, admins and auditors (kernel's visibility). Missing on notices about no record, and on
     * those requested before confidentiality existed: open.
     */
    confidential?: boolean;
    leadTeam?: string | null;
    at: string;
  }
>;
/**
 * Recorded before the channel is called, so that an attempt whose outcome was never recorded (the process died
 * in between) is visible as such after a restart instead of looking like nothing happened.
 */
export type NotificationAttemptStarted = DomainEvent<'NotificationAttemptStarted', { attempt: number; at: string }>;
/** Channel detail: the SMTP Message-ID and server response for email, the HTTP status for a webhook. */
export type NotificationSent = DomainEvent<
  'NotificationSent',
  { attempt: number; channel: Channel; messageId: string | null; httpStatus: number | null; response: string | null; at: string }
>;
/**
 * `nextAttemptAt` is null when no attempt follows (the last one failed: NotificationGivenUp comes with it).
 * `outcomeUnknown`: the attempt was started but its outcome never recorded; the message may have gone out.
 */
export type NotificationFailed = DomainEvent<
  'NotificationFailed',
  { attempt: number; error: string; nextAttemptAt: string | null; outcomeUnknown: boolean; at: string }
>;
export type NotificationGivenUp = DomainEvent<'NotificationGivenUp', { attempts: number; reason: string; at: string }>;
export type NotificationAcknowledged = DomainEvent<'NotificationAcknowledged', { by: string; at: string }>;
/** The record the notice is about was made confidential or opened again, or its lead team changed: the notice follows. */
export type NotificationVisibilityChanged = DomainEvent<'NotificationVisibilityChanged', { confidential: boolean; leadTeam: string | null; at: string }>;

export type NotificationEvent =
  | NotificationRequested
  | NotificationAttemptStarted
  | NotificationSent
  | NotificationFailed
  | NotificationGivenUp
  | NotificationAcknowledged
  | NotificationVisibilityChanged;

/**
 * What `decide` needs of a notification, and no more, one shape per status: how it goes and to whom, how many
 * attempts, when it is due while it waits, who acknowledged it. The content (subject, body, link) and the
 * delivery receipts are the resource's (notification.resource.ts).
 */
export type NotificationState = { status: 'none' } | Live;

interface Addressed {
  channel: Channel;
  recipient: string;
  /** Attempts started so far (an in-app notification counts its one delivery). */
  attempts: number;
  /** Who may see it: those who may see the record it is about. */
  confidential: boolean;
  leadTeam: string | null;
}

/** Waiting: requested (due at sendAfter or the request) or failed (due at its retry, null when none follows). */
export type WaitingNotification = Addressed & { status: 'requested' | 'failed'; dueAt: string | null };
export type SendingNotification = Addressed & { status: 'sending' };
export type SentNotification = Addressed & { status: 'sent' };
export type GivenUpNotification = Addressed & { status: 'given-up' };
export type AcknowledgedNotification = Addressed & { status: 'acknowledged'; acknowledgedBy: string; acknowledgedAt: string };

/** Any notification that exists, as the decider sees it. */
export type Live = WaitingNotification | SendingNotification | SentNotification | GivenUpNotification | AcknowledgedNotification;

export const initialState = (): NotificationState => ({ status: 'none' });

export function evolve(state: NotificationState, event: NotificationEvent): NotificationState {
  if (event.type === 'NotificationRequested') {
    const d = event.data;
    const visibility = { confidential: d.confidential === true, leadTeam: d.leadTeam ?? null };
    return { status: 'requested', channel: d.channel, recipient: d.recipient, attempts: 0, ...visibility, dueAt: d.sendAfter ?? d.at };
  }
  if (state.status === 'none') return state;
  const { channel, recipient, attempts, confidential, leadTeam } = state;
  const addressed = { channel, recipient, confidential, leadTeam };
  switch (event.type) {
    case 'NotificationAttemptStarted':
      return { status: 'sending', ...addressed, attempts: event.data.attempt };
    case 'NotificationSent':
      return { status: 'sent', ...addressed, attempts: event.data.attempt };
    case 'NotificationFailed':
      return { status: 'failed', ...addressed, attempts, dueAt: event.data.nextAttemptAt };
    case 'NotificationGivenUp':
      return { status: 'given-up', ...addressed, attempts };
    case 'NotificationAcknowledged':
      return { status: 'acknowledged', ...addressed, attempts, acknowledgedBy: event.data.by, acknowledgedAt: event.data.at };
    case 'NotificationVisibilityChanged':
      return { ...state, confidential: event.data.confidential, leadTeam: event.data.leadTeam };
    default:
      return state;
  }
}

/** Who may see the notification (the aggregate definition's visibilityOf): nobody is hidden one that does not exist. */
export const visibilityOfNotification = (state: NotificationState) =>
  state.status === 'none' ? { confidential: false, leadTeam: null } : { confidential: state.confidential, leadTeam: state.leadTeam };
