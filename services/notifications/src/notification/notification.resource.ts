import type { ResourceFold } from '@pmt/event-sourcing';
import type { NotificationEvent, NotificationRequested, NotificationStatus } from './notification';

/** A notification as the API shows it (and as the dispatcher hands it to a channel): plain JSON, every key always present. */
export interface Notification extends Omit<NotificationRequested['data'], 'at'> {
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
  /** Of the record it is about: when confidential, only its lead team, admins and auditors see the notice (404 to others). */
  confidential: boolean;
  leadTeam: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the fold holds before the notification is requested (never stored: the first event requests it). */
export type NotificationView = { status: 'none' } | Notification;

/** The notification resource from its events: the `notifications` read model, history `asOf` and diffs. */
export function evolveNotificationResource(state: NotificationView, event: NotificationEvent): NotificationView {
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
    case 'NotificationVisibilityChanged':
      return { ...s, confidential: event.data.confidential, leadTeam: event.data.leadTeam };
    default:
      return state;
  }
}

export const notificationResource: ResourceFold<NotificationEvent, NotificationView> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveNotificationResource,
};

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
    confidential: d.confidential === true,
    leadTeam: d.leadTeam ?? null,
    createdAt: d.at,
    updatedAt: d.at,
  };
}
