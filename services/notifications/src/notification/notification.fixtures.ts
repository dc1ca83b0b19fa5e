// Shared by the notification specs: reminders about the NIA–UNDP MOU of story 2 (STORIES.md), to the office
// by email, to a partner portal by webhook, and to an officer's in-app inbox.
import type { NotificationEvent, NotificationRequested } from './notification';
import type { RequestNotificationData } from './notification.decide';
import type { RetryPolicy } from './notification.rules';

export const NOTIFICATION_ID = '0b7c4f7e-6a41-5b0e-9d51-2f0b9c1d7a10';
export const MOU_ID = '01937d8e-5a4b-7c3d-8e9f-0a1b2c3d4e5f';
export const OFFICER = 'officer@step.example';

export const T0 = '2025-01-07T03:00:00.000Z';
/** `T0` plus some minutes: the dispatcher's clock moving on. */
export const later = (minutes: number) => new Date(new Date(T0).getTime() + minutes * 60_000).toISOString();

export const POLICY: RetryPolicy = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 3 };

export const emailData: RequestNotificationData = {
  id: NOTIFICATION_ID,
  channel: 'email',
  recipient: 'iasa@step.example',
  subject: 'แจ้งเตือน: MOU NIA–UNDP ครบกำหนดใน 90 วัน',
  body: 'บันทึกความเข้าใจระหว่าง NIA และ UNDP จะสิ้นสุดในอีก 90 วัน โปรดพิจารณาการต่ออายุ',
  topic: 'mou.expiring',
  link: { resource: 'mous', id: MOU_ID },
  sendAfter: null,
};

export const webhookData: RequestNotificationData = { ...emailData, channel: 'webhook', recipient: 'partner-portal' };
export const inAppData: RequestNotificationData = { ...emailData, channel: 'in-app', recipient: OFFICER };

export const requestedEvent = (data: RequestNotificationData = emailData, at = T0): NotificationRequested => ({
  type: 'NotificationRequested',
  data: {
    id: data.id,
    channel: data.channel,
    recipient: data.recipient,
    subject: data.subject,
    body: data.body,
    topic: data.topic,
    link: data.link ?? null,
    sendAfter: data.sendAfter ?? null,
    at,
  },
});

export const attemptStarted = (attempt: number, at = later(attempt)): NotificationEvent => ({ type: 'NotificationAttemptStarted', data: { attempt, at } });
export const failed = (attempt: number, nextAttemptAt: string | null, at = later(attempt)): NotificationEvent => ({
  type: 'NotificationFailed',
  data: { attempt, error: 'connect ECONNREFUSED 127.0.0.1:2525', nextAttemptAt, outcomeUnknown: false, at },
});
export const sent = (attempt: number, at = later(attempt)): NotificationEvent => ({
  type: 'NotificationSent',
  data: { attempt, channel: 'email', messageId: `<${NOTIFICATION_ID}@partnership-tracker>`, httpStatus: null, response: '250 OK', at },
});
export const inboxSent = (at = T0): NotificationEvent => ({
  type: 'NotificationSent',
  data: { attempt: 1, channel: 'in-app', messageId: null, httpStatus: null, response: null, at },
});
export const givenUp = (attempts: number, reason = 'the partner left the programme', at = later(10)): NotificationEvent => ({
  type: 'NotificationGivenUp',
  data: { attempts, reason, at },
});

export const requestedHistory: NotificationEvent[] = [requestedEvent()];
export const sendingHistory: NotificationEvent[] = [requestedEvent(), attemptStarted(1)];
/** Attempt 1 failed at minute 1; retry due 30 s later. */
export const failedHistory: NotificationEvent[] = [...sendingHistory, failed(1, '2025-01-07T03:01:30.000Z')];
export const sentHistory: NotificationEvent[] = [...sendingHistory, sent(1)];
export const givenUpHistory: NotificationEvent[] = [...failedHistory, givenUp(1)];
export const inboxHistory: NotificationEvent[] = [requestedEvent(inAppData), inboxSent()];
export const acknowledgedHistory: NotificationEvent[] = [...inboxHistory, { type: 'NotificationAcknowledged', data: { by: OFFICER, at: later(5) } }];

/** Every state an email notification can be in, by name, for the "refuses in each other state" tables. */
export const histories: Record<string, NotificationEvent[]> = {
  requested: requestedHistory,
  sending: sendingHistory,
  failed: failedHistory,
  sent: sentHistory,
  'given-up': givenUpHistory,
};
export const statesOtherThan = (...allowed: string[]) => Object.entries(histories).filter(([status]) => !allowed.includes(status));
