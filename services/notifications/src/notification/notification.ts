import type { DomainEvent } from '@pmt/kernel';

export const streamIdOf = (id: string): string => `notification-${id}`;

export type Channel = 'email' | 'webhook' | 'in-app';
export const CHANNELS: readonly Channel[] = ['email', 'webhook', 'in-app'];

/**
 * requested → sending (an attempt started) → sent | failed (→ sending again once nextAttemptAt has come) → given-up.
 * In-app notifications skip the attempts: recording them as sent is their delivery (to the inbox), and only
 * they are acknowledged.
 */
export type NotificationStatus = 'requested' | 'sending' | 'sent' | 'failed' | 'given-up' | 'acknowledged';
export const NOTIFICATION_STATUSES: readonly NotificationStatus[] = ['requested', 'sending', 'sent', 'failed', 'given-up', 'acknowledged'];

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

export type NotificationEvent =
  | NotificationRequested
  | NotificationAttemptStarted
  | NotificationSent
  | NotificationFailed
  | NotificationGivenUp
  | NotificationAcknowledged;

/** A notification as read: plain JSON, every key always present. */
export interface Notification {
  id: string;
  channel: Channel;
  recipient: string;
  subject: string;
  body: string;
  topic: string;
  link: Link | null;
  sendAfter: string | null;
  status: NotificationStatus;
  /** Attempts started so far (an in-app notification counts its one delivery). */
  attempts: number;
  /** When the dispatcher acts next: sendAfter (or the request) while requested, nextAttemptAt while failed; else null. */
  dueAt: string | null;
  /** While sending: when the current attempt started (an attempt left unresolved long after it is a crash's). */
  attemptStartedAt: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  messageId: string | null;
  httpStatus: number | null;
  givenUpReason: string | null;
  givenUpAt: string | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type NotificationState = { status: 'none' } | Notification;

export const initialState = (): NotificationState => ({ status: 'none' });

export function evolve(state: NotificationState, event: NotificationEvent): NotificationState {
  if (event.type === 'NotificationRequested') return requested(event.data);
  if (state.status === 'none') return state;
  const s: Notification = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'NotificationAttemptStarted':
      return { ...s, status: 'sending', attempts: event.data.attempt, attemptStartedAt: event.data.at, dueAt: null, nextAttemptAt: null };
    case 'NotificationSent':
      return {
        ...s,
        status: 'sent',
        attempts: event.data.attempt,
        sentAt: event.data.at,
        messageId: event.data.messageId,
        httpStatus: event.data.httpStatus,
        attemptStartedAt: null,
        dueAt: null,
        nextAttemptAt: null,
      };
    case 'NotificationFailed':
      return {
        ...s,
        status: 'failed',
        lastError: event.data.error,
        nextAttemptAt: event.data.nextAttemptAt,
        dueAt: event.data.nextAttemptAt,
        attemptStartedAt: null,
      };
    case 'NotificationGivenUp':
      return { ...s, status: 'given-up', givenUpReason: event.data.reason, givenUpAt: event.data.at, attemptStartedAt: null, dueAt: null, nextAttemptAt: null };
    case 'NotificationAcknowledged':
      return { ...s, status: 'acknowledged', acknowledgedBy: event.data.by, acknowledgedAt: event.data.at };
    default:
      return state;
  }
}

function requested(d: NotificationRequested['data']): Notification {
  return {
    id: d.id,
    channel: d.channel,
    recipient: d.recipient,
    subject: d.subject,
    body: d.body,
    topic: d.topic,
    link: d.link,
    sendAfter: d.sendAfter,
    status: 'requested',
    attempts: 0,
    dueAt: d.sendAfter ?? d.at,
    attemptStartedAt: null,
    lastError: null,
    nextAttemptAt: null,
    sentAt: null,
    messageId: null,
    httpStatus: null,
    givenUpReason: null,
    givenUpAt: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    createdAt: d.at,
    updatedAt: d.at,
  };
}
