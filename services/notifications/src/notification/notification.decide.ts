import { assertNever, CodedError, conflict, notFound, refusal, rejectIf, type Decider, type NowStamp } from '@pmt/kernel';
import {
  evolve,
  initialState,
  type Link,
  type Live,
  type NotificationEvent,
  type NotificationRequested,
  type NotificationState,
  type NotificationStatus,
} from './notification';
import { addMs, isBlank, requestErrors, retryDelayMs, utcInstant, type RetryPolicy } from './notification.rules';

/** The seam other parts of the service (workflows) request notifications through; the id is the caller's. */
export type RequestNotificationData = Omit<NotificationRequested['data'], 'at' | 'link' | 'sendAfter'> & { link?: Link | null; sendAfter?: string | null };

/**
 * The record the notice is about changed who may see it. `leadTeam` undefined keeps the notice's. Only the
 * workflows send it (no route): they follow the records' `*ConfidentialityChanged` events.
 */
export type SetVisibility = NowStamp & { type: 'SetVisibility'; data: { confidential: boolean; leadTeam?: string | null } };

export type RequestNotification = NowStamp & { type: 'RequestNotification'; data: RequestNotificationData };
/** The dispatcher is about to hand the notification to its channel. */
export type StartAttempt = NowStamp & { type: 'StartAttempt'; data: Record<string, never> };
export type MarkSent = NowStamp & {
  type: 'MarkSent';
  data: { attempt: number; messageId?: string | null; httpStatus?: number | null; response?: string | null };
};
/** `outcomeUnknown`: the attempt was started and its outcome never recorded; it is retried at once, not after a backoff. */
export type MarkFailed = NowStamp & { type: 'MarkFailed'; retry: RetryPolicy; data: { attempt: number; error: string; outcomeUnknown?: boolean } };
export type GiveUp = NowStamp & { type: 'GiveUp'; data: { reason: string } };
/** `by` is the caller; `mayActForOthers` when the caller may clear someone else's (or a team's) inbox: staff and admins. */
export type Acknowledge = NowStamp & { type: 'Acknowledge'; by: string; mayActForOthers: boolean; data: Record<string, never> };

export type NotificationCommand = RequestNotification | StartAttempt | MarkSent | MarkFailed | GiveUp | Acknowledge | SetVisibility;

export function decide(command: NotificationCommand, state: NotificationState): NotificationEvent[] {
  if (command.type === 'RequestNotification') return request(command, state);
  const n = existing(state);
  switch (command.type) {
    case 'StartAttempt':
      return startAttempt(command, n);
    case 'MarkSent':
      return markSent(command, n);
    case 'MarkFailed':
      return markFailed(command, n);
    case 'GiveUp':
      return giveUp(command, n);
    case 'Acknowledge':
      return acknowledge(command, n);
    case 'SetVisibility':
      return setVisibility(command, n);
    default:
      return assertNever(command, 'notification command');
  }
}

export const notificationDecider: Decider<NotificationCommand, NotificationEvent, NotificationState> = { decide, evolve, initialState };

function existing(state: NotificationState): Live {
  if (state.status === 'none') throw notFound('NOTIFICATION.NOT_FOUND', 'notification not found');
  return state;
}

/** A 409 whose message names the state and why. */
const refuse = refusal('Notification');

/** When a waiting notification is due; one that is not waiting (sending, sent...) is due at no time. */
const dueAtOf = (n: Live): string | null => (n.status === 'requested' || n.status === 'failed' ? n.dueAt : null);
const isDue = (n: Live, now: string) => {
  const dueAt = dueAtOf(n);
  return dueAt !== null && dueAt <= now;
};

function request(c: RequestNotification, state: NotificationState): NotificationEvent[] {
  if (state.status !== 'none') throw conflict('NOTIFICATION.ALREADY_EXISTS', `notification ${c.data.id} already exists`, { status: state.status });
  const d = c.data;
  rejectIf('NOTIFICATION.INVALID_REQUEST', requestErrors(d));
  const sendAfter = d.sendAfter === undefined || d.sendAfter === null ? null : utcInstant(d.sendAfter);
  const link = d.link ? { resource: d.link.resource, id: d.link.id } : null;
  // said only of a notice about a record (the workflows' notices); an admin's test message is open
  const visibility = d.confidential === undefined ? {} : { confidential: d.confidential === true, leadTeam: d.leadTeam ?? null };
  const requested: NotificationEvent = {
    type: 'NotificationRequested',
    data: { id: d.id, channel: d.channel, recipient: d.recipient, subject: d.subject, body: d.body, topic: d.topic, link, sendAfter, ...visibility, at: c.now },
  };
  // Recording an in-app notification that is due is its delivery: the inbox is this service's own read model.
  if (d.channel === 'in-app' && (sendAfter === null || sendAfter <= c.now)) return [requested, inboxDelivery(c.now)];
  return [requested];
}

const inboxDelivery = (at: string): NotificationEvent => ({
  type: 'NotificationSent',
  data: { attempt: 1, channel: 'in-app', messageId: null, httpStatus: null, response: null, at },
});

const ATTEMPTABLE: readonly NotificationStatus[] = ['requested', 'failed'];

function startAttempt(c: StartAttempt, n: Live): NotificationEvent[] {
  if (n.channel === 'in-app') throw refuse('NOTIFICATION.NO_ATTEMPTS', n, 'an in-app notification is delivered to the inbox when due, without attempts');
  if (!ATTEMPTABLE.includes(n.status)) {
    throw refuse(
      'NOTIFICATION.NOT_ATTEMPTABLE',
      n,
      n.status === 'sending'
        ? `attempt ${n.attempts} has not been resolved yet`
        : 'only a requested notification or a failed one awaiting its retry is attempted',
    );
  }
  if (!isDue(n, c.now)) throw refuse('NOTIFICATION.NOT_DUE', n, `it is not due until ${dueAtOf(n)}`, { dueAt: dueAtOf(n) });
  return [{ type: 'NotificationAttemptStarted', data: { attempt: n.attempts + 1, at: c.now } }];
}

/** An outcome must be of the attempt in progress: a late answer of an earlier one is not this attempt's. */
function requireCurrentAttempt(n: Live, attempt: number): void {
  if (n.status !== 'sending') throw refuse('NOTIFICATION.NOT_SENDING', n, 'no attempt is in progress to record an outcome for');
  if (attempt !== n.attempts)
    throw refuse('NOTIFICATION.STALE_ATTEMPT', n, `the attempt in progress is ${n.attempts}, not ${attempt}`, { attempt: n.attempts });
}

function markSent(c: MarkSent, n: Live): NotificationEvent[] {
  if (n.channel === 'in-app') {
    // A scheduled in-app notification reaches the inbox when its sendAfter comes.
    if (n.status !== 'requested') throw refuse('NOTIFICATION.NOT_PENDING', n, 'it is already in the inbox or was given up');
    if (!isDue(n, c.now)) throw refuse('NOTIFICATION.NOT_DUE', n, `it is not due until ${dueAtOf(n)}`, { dueAt: dueAtOf(n) });
    return [inboxDelivery(c.now)];
  }
  requireCurrentAttempt(n, c.data.attempt);
  return [
    {
      type: 'NotificationSent',
      data: {
        attempt: c.data.attempt,
        channel: n.channel,
        messageId: c.data.messageId ?? null,
        httpStatus: c.data.httpStatus ?? null,
        response: c.data.response ?? null,
        at: c.now,
      },
    },
  ];
}

function markFailed(c: MarkFailed, n: Live): NotificationEvent[] {
  requireCurrentAttempt(n, c.data.attempt);
  if (isBlank(c.data.error)) rejectIf('NOTIFICATION.INVALID_FAILURE', [{ path: 'error', message: 'is required' }]);
  policyCheck(c.retry);
  const { attempt, error } = c.data;
  const outcomeUnknown = c.data.outcomeUnknown === true;
  const exhausted = attempt >= c.retry.maxAttempts;
  // An unknown outcome is no sign the receiver is struggling; the attempt was long ago already, so retry at once.
  const nextAttemptAt = exhausted ? null : outcomeUnknown ? c.now : addMs(c.now, retryDelayMs(attempt, c.retry));
  const failed: NotificationEvent = { type: 'NotificationFailed', data: { attempt, error, nextAttemptAt, outcomeUnknown, at: c.now } };
  if (!exhausted) return [failed];
  const reason = `no delivery after ${attempt} attempt${attempt === 1 ? '' : 's'}; the last ${outcomeUnknown ? 'outcome is unknown' : 'error'}: ${error}`;
  return [failed, { type: 'NotificationGivenUp', data: { attempts: attempt, reason, at: c.now } }];
}

function policyCheck(p: RetryPolicy): void {
  const ok = (v: unknown, min: number) => Number.isSafeInteger(v) && (v as number) >= min;
  if (!ok(p?.baseMs, 1) || !ok(p?.capMs, 1) || !ok(p?.maxAttempts, 1)) {
    throw new CodedError('NOTIFICATION.INVALID_RETRY_POLICY', 'internal', 'the retry policy needs whole numbers: baseMs, capMs and maxAttempts of at least 1');
  }
}

const OPEN: readonly NotificationStatus[] = ['requested', 'sending', 'failed'];

function giveUp(c: GiveUp, n: Live): NotificationEvent[] {
  if (!OPEN.includes(n.status)) throw refuse('NOTIFICATION.NOT_OPEN', n, 'only a notification not yet delivered or given up can be given up');
  if (isBlank(c.data.reason)) rejectIf('NOTIFICATION.INVALID_GIVE_UP', [{ path: 'reason', message: 'is required' }]);
  return [{ type: 'NotificationGivenUp', data: { attempts: n.attempts, reason: c.data.reason, at: c.now } }];
}

/** In every status: a notice already read is still about the record. Nothing when nothing changes. */
function setVisibility(c: SetVisibility, n: Live): NotificationEvent[] {
  const confidential = c.data.confidential === true;
  const leadTeam = c.data.leadTeam === undefined ? n.leadTeam : c.data.leadTeam;
  if (confidential === n.confidential && leadTeam === n.leadTeam) return [];
  return [{ type: 'NotificationVisibilityChanged', data: { confidential, leadTeam, at: c.now } }];
}

function acknowledge(c: Acknowledge, n: Live): NotificationEvent[] {
  if (n.channel !== 'in-app') {
    throw refuse('NOTIFICATION.NOT_ACKNOWLEDGEABLE', n, `it went by ${n.channel}; only in-app notifications are acknowledged in the inbox`, {
      channel: n.channel,
    });
  }
  if (n.status === 'acknowledged') throw refuse('NOTIFICATION.ALREADY_ACKNOWLEDGED', n, `${n.acknowledgedBy} acknowledged it at ${n.acknowledgedAt}`);
  if (n.status !== 'sent') {
    throw refuse('NOTIFICATION.NOT_IN_INBOX', n, n.status === 'requested' ? `it reaches the inbox at ${dueAtOf(n)}` : 'it never reached the inbox');
  }
  if (c.by !== n.recipient && !c.mayActForOthers) {
    throw new CodedError('NOTIFICATION.NOT_RECIPIENT', 'forbidden', `Only its recipient (${n.recipient}), staff or an admin may acknowledge this notification`);
  }
  return [{ type: 'NotificationAcknowledged', data: { by: c.by, at: c.now } }];
}
