import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import { visibilityOfNotification, type NotificationEvent } from './notification';
import { notificationResource } from './notification.resource';
import { notificationDecider, type NotificationCommand, type RequestNotificationData } from './notification.decide';
import {
  acknowledgedHistory,
  attemptStarted,
  emailData,
  failed,
  failedHistory,
  givenUp,
  histories,
  inAppData,
  inboxHistory,
  inboxSent,
  later,
  NOTIFICATION_ID,
  OFFICER,
  POLICY,
  requestedEvent,
  requestedHistory,
  sendingHistory,
  sent,
  sentHistory,
  statesOtherThan,
  T0,
  webhookData,
} from './notification.fixtures';
import { retryDelayMs } from './notification.rules';

const spec = DeciderSpec(notificationDecider);
const request = (data: RequestNotificationData = emailData, now = T0): NotificationCommand => ({ type: 'RequestNotification', now, data });
const start = (now = later(1)): NotificationCommand => ({ type: 'StartAttempt', now, data: {} });
const markSent = (attempt = 1, now = later(1)): NotificationCommand => ({
  type: 'MarkSent',
  now,
  data: { attempt, messageId: `<${NOTIFICATION_ID}@partnership-tracker>`, response: '250 OK' },
});
const markFailed = (attempt = 1, now = later(1), extra: { outcomeUnknown?: boolean; error?: string } = {}): NotificationCommand => ({
  type: 'MarkFailed',
  now,
  retry: POLICY,
  data: {
    attempt,
    error: extra.error ?? 'connect ECONNREFUSED 127.0.0.1:2525',
    ...(extra.outcomeUnknown !== undefined && { outcomeUnknown: extra.outcomeUnknown }),
  },
});
const giveUp = (reason = 'the partner left the programme', now = later(10)): NotificationCommand => ({ type: 'GiveUp', now, data: { reason } });
const acknowledge = (by = OFFICER, mayActForOthers = false, now = later(5)): NotificationCommand => ({
  type: 'Acknowledge',
  now,
  by,
  mayActForOthers,
  data: {},
});

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('RequestNotification', () => {
  it('records the request with every contract field, optional ones as null', () => {
    const { link: _l, sendAfter: _s, ...bare } = emailData;
    spec
      .given([])
      .when(request(bare))
      .then([requestedEvent({ ...bare, link: null, sendAfter: null })]);
  });

  it('keeps Thai text byte for byte and the link to what it is about', () => {
    const [event] = spec.given([]).when(request()).events();
    expect(event.data).toMatchObject({ subject: emailData.subject, body: emailData.body, link: emailData.link });
  });

  it('stores sendAfter as a UTC instant, whatever offset it was given in', () => {
    const [event] = spec
      .given([])
      .when(request({ ...emailData, sendAfter: '2025-01-08T09:00:00+07:00' }))
      .events();
    expect(event.data).toMatchObject({ sendAfter: '2025-01-08T02:00:00.000Z' });
  });

  it('delivers a due in-app notification to the inbox in the same command', () => {
    spec
      .given([])
      .when(request(inAppData))
      .then([requestedEvent(inAppData), inboxSent()]);
  });

  it('leaves a scheduled in-app notification out of the inbox until its time', () => {
    const events = spec
      .given([])
      .when(request({ ...inAppData, sendAfter: later(60) }))
      .events();
    expect(events.map((e) => e.type)).toEqual(['NotificationRequested']);
  });

  it('takes a webhook by its configured name', () => {
    expect(spec.given([]).when(request(webhookData)).events()[0].data).toMatchObject({ channel: 'webhook', recipient: 'partner-portal' });
  });

  it('refuses a second request with the same id', () => {
    spec.given(requestedHistory).when(request()).thenThrows('NOTIFICATION.ALREADY_EXISTS', NOTIFICATION_ID);
  });

  it('names every bad field in one refusal', () => {
    const bad = {
      id: ' ',
      channel: 'sms',
      recipient: '',
      subject: 'two\nlines',
      body: '  ',
      topic: '',
      link: { resource: '', id: 'x' },
      sendAfter: 'tomorrow',
    } as unknown as RequestNotificationData;
    expect(errorOf(() => spec.given([]).when(request(bad)).events())).toMatchObject({
      code: 'NOTIFICATION.INVALID_REQUEST',
      kind: 'invalid',
      errors: [
        { path: 'id', message: 'is required' },
        { path: 'channel', message: 'must be one of email, webhook, in-app' },
        { path: 'recipient', message: 'is required' },
        { path: 'subject', message: 'must be one line' },
        { path: 'body', message: 'is required' },
        { path: 'topic', message: 'is required' },
        { path: 'link.resource', message: 'is required' },
        { path: 'sendAfter', message: 'must be an ISO-8601 instant with Z or an offset, or null' },
      ],
    });
  });

  it('accepts an email to a partner contact named by reference, and refuses a malformed reference', () => {
    const events = spec
      .given([])
      .when(request({ ...emailData, recipient: 'contact:org-1/c-1' }))
      .events();
    expect(events[0]).toMatchObject({ type: 'NotificationRequested', data: { channel: 'email', recipient: 'contact:org-1/c-1' } });
    spec
      .given([])
      .when(request({ ...emailData, recipient: 'contact:org-1' }))
      .thenThrows('NOTIFICATION.INVALID_REQUEST', 'recipient must be an email address');
  });

  it('refuses an email to something that is not an address, and a sendAfter without a zone', () => {
    spec
      .given([])
      .when(request({ ...emailData, recipient: 'IASA team' }))
      .thenThrows('NOTIFICATION.INVALID_REQUEST', 'recipient must be an email address');
    spec
      .given([])
      .when(request({ ...emailData, sendAfter: '2025-01-08T09:00:00' }))
      .thenThrows('NOTIFICATION.INVALID_REQUEST', 'sendAfter');
  });
});

describe('StartAttempt', () => {
  it('starts attempt 1 of a requested notification', () => {
    spec
      .given(requestedHistory)
      .when(start())
      .then([attemptStarted(1)]);
  });

  it('starts the next attempt of a failed one once its retry is due', () => {
    spec
      .given(failedHistory)
      .when(start('2025-01-07T03:01:30.000Z'))
      .then([attemptStarted(2, '2025-01-07T03:01:30.000Z')]);
  });

  it('refuses before sendAfter, naming when it is due', () => {
    spec
      .given([requestedEvent({ ...emailData, sendAfter: later(60) })])
      .when(start(later(59)))
      .thenThrows('NOTIFICATION.NOT_DUE', `Notification is "requested": it is not due until ${later(60)}`);
  });

  it('refuses before the retry is due', () => {
    spec.given(failedHistory).when(start('2025-01-07T03:01:29.999Z')).thenThrows('NOTIFICATION.NOT_DUE', '2025-01-07T03:01:30.000Z');
  });

  it('refuses while an attempt is unresolved: one attempt at a time', () => {
    spec.given(sendingHistory).when(start()).thenThrows('NOTIFICATION.NOT_ATTEMPTABLE', 'attempt 1 has not been resolved yet');
  });

  it.each(statesOtherThan('requested', 'failed', 'sending'))('refuses when %s', (_status, history) => {
    spec
      .given(history)
      .when(start(later(100)))
      .thenThrows('NOTIFICATION.NOT_ATTEMPTABLE');
  });

  it('refuses in-app notifications: they have no attempts', () => {
    spec
      .given([requestedEvent({ ...inAppData, sendAfter: later(60) })])
      .when(start(later(61)))
      .thenThrows('NOTIFICATION.NO_ATTEMPTS');
  });

  it('refuses an unknown notification', () => {
    spec.given([]).when(start()).thenThrows('NOTIFICATION.NOT_FOUND');
  });
});

describe('MarkSent', () => {
  it('records the attempt in progress as sent, with the channel detail', () => {
    spec
      .given(sendingHistory)
      .when(markSent())
      .then([sent(1)]);
  });

  it('records a webhook’s HTTP status', () => {
    const history = [requestedEvent(webhookData), attemptStarted(1)];
    const [event] = spec
      .given(history)
      .when({ type: 'MarkSent', now: later(1), data: { attempt: 1, httpStatus: 204 } })
      .events();
    expect(event.data).toEqual({ attempt: 1, channel: 'webhook', messageId: null, httpStatus: 204, response: null, at: later(1) });
  });

  it('refuses the outcome of an earlier attempt', () => {
    spec
      .given([...failedHistory, attemptStarted(2)])
      .when(markSent(1))
      .thenThrows('NOTIFICATION.STALE_ATTEMPT', 'the attempt in progress is 2, not 1');
  });

  it.each(statesOtherThan('sending'))('refuses when %s: no attempt in progress', (_status, history) => {
    spec.given(history).when(markSent()).thenThrows('NOTIFICATION.NOT_SENDING');
  });

  it('delivers a scheduled in-app notification to the inbox once due, and not before', () => {
    const history = [requestedEvent({ ...inAppData, sendAfter: later(60) })];
    spec
      .given(history)
      .when({ type: 'MarkSent', now: later(59), data: { attempt: 1 } })
      .thenThrows('NOTIFICATION.NOT_DUE');
    spec
      .given(history)
      .when({ type: 'MarkSent', now: later(60), data: { attempt: 1 } })
      .then([inboxSent(later(60))]);
  });

  it('refuses to deliver an in-app notification twice', () => {
    spec
      .given(inboxHistory)
      .when({ type: 'MarkSent', now: later(1), data: { attempt: 1 } })
      .thenThrows('NOTIFICATION.NOT_PENDING', 'Notification is "sent"');
  });
});

describe('MarkFailed', () => {
  it('schedules the retry after the base delay, then doubling', () => {
    spec
      .given(sendingHistory)
      .when(markFailed(1, later(1)))
      .then([failed(1, '2025-01-07T03:01:30.000Z')]);
    const [second] = spec
      .given([...failedHistory, attemptStarted(2)])
      .when(markFailed(2, later(2)))
      .events();
    expect(second.data).toMatchObject({ attempt: 2, nextAttemptAt: '2025-01-07T03:03:00.000Z' });
  });

  it('never waits longer than the cap', () => {
    const policy = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 20 };
    expect([1, 2, 3, 7, 8, 9, 15].map((n) => retryDelayMs(n, policy))).toEqual([30_000, 60_000, 120_000, 1_920_000, 3_600_000, 3_600_000, 3_600_000]);
  });

  it('gives up with the reason when the last attempt fails', () => {
    const history = [...failedHistory, attemptStarted(2), failed(2, later(3)), attemptStarted(3, later(3))];
    spec
      .given(history)
      .when(markFailed(3, later(4), { error: 'HTTP 503 from partner-portal' }))
      .then([
        { type: 'NotificationFailed', data: { attempt: 3, error: 'HTTP 503 from partner-portal', nextAttemptAt: null, outcomeUnknown: false, at: later(4) } },
        {
          type: 'NotificationGivenUp',
          data: { attempts: 3, reason: 'no delivery after 3 attempts; the last error: HTTP 503 from partner-portal', at: later(4) },
        },
      ]);
  });

  it('retries an attempt whose outcome is unknown at once, since it may have gone out already', () => {
    const [event] = spec
      .given(sendingHistory)
      .when(markFailed(1, later(9), { outcomeUnknown: true, error: 'outcome unknown' }))
      .events();
    expect(event.data).toMatchObject({ attempt: 1, outcomeUnknown: true, nextAttemptAt: later(9) });
  });

  it('refuses the failure of an earlier attempt', () => {
    spec
      .given([...failedHistory, attemptStarted(2)])
      .when(markFailed(1))
      .thenThrows('NOTIFICATION.STALE_ATTEMPT');
  });

  it.each(statesOtherThan('sending'))('refuses when %s', (_status, history) => {
    spec.given(history).when(markFailed()).thenThrows('NOTIFICATION.NOT_SENDING');
  });

  it('refuses a failure without an error, and a retry policy that is not whole numbers', () => {
    spec
      .given(sendingHistory)
      .when(markFailed(1, later(1), { error: ' ' }))
      .thenThrows('NOTIFICATION.INVALID_FAILURE');
    spec
      .given(sendingHistory)
      .when({ type: 'MarkFailed', now: later(1), retry: { baseMs: 0.5, capMs: 10, maxAttempts: 3 }, data: { attempt: 1, error: 'x' } })
      .thenThrows('NOTIFICATION.INVALID_RETRY_POLICY');
  });
});

describe('GiveUp', () => {
  it.each(['requested', 'sending', 'failed'])('gives up when %s, with the reason and the attempts made', (status) => {
    const history = histories[status];
    const attempts = status === 'requested' ? 0 : 1;
    spec
      .given(history)
      .when(giveUp())
      .then([givenUp(attempts)]);
  });

  it.each(statesOtherThan('requested', 'sending', 'failed'))('refuses when %s', (_status, history) => {
    spec.given(history).when(giveUp()).thenThrows('NOTIFICATION.NOT_OPEN');
  });

  it('refuses without a reason', () => {
    spec.given(requestedHistory).when(giveUp(' ')).thenThrows('NOTIFICATION.INVALID_GIVE_UP', 'reason is required');
  });
});

describe('Acknowledge', () => {
  it('is done by the recipient of an in-app notification in the inbox', () => {
    spec
      .given(inboxHistory)
      .when(acknowledge())
      .then([{ type: 'NotificationAcknowledged', data: { by: OFFICER, at: later(5) } }]);
  });

  it('may be done by staff for someone else (a team’s inbox)', () => {
    const [event] = spec.given(inboxHistory).when(acknowledge('director@step.example', true)).events();
    expect(event.data).toMatchObject({ by: 'director@step.example' });
  });

  it('is forbidden to anyone else', () => {
    const e = errorOf(() => spec.given(inboxHistory).when(acknowledge('viewer@step.example', false)).events());
    expect(e).toMatchObject({ code: 'NOTIFICATION.NOT_RECIPIENT', kind: 'forbidden' });
  });

  it('refuses twice, naming who acknowledged it', () => {
    spec
      .given(acknowledgedHistory)
      .when(acknowledge())
      .thenThrows('NOTIFICATION.ALREADY_ACKNOWLEDGED', `${OFFICER} acknowledged it at ${later(5)}`);
  });

  it('refuses a scheduled one not yet in the inbox', () => {
    spec
      .given([requestedEvent({ ...inAppData, sendAfter: later(60) })])
      .when(acknowledge())
      .thenThrows('NOTIFICATION.NOT_IN_INBOX', `reaches the inbox at ${later(60)}`);
  });

  it.each(Object.entries(histories))('refuses an email notification (%s): it went to a mailbox', (_status, history) => {
    spec.given(history).when(acknowledge()).thenThrows('NOTIFICATION.NOT_ACKNOWLEDGEABLE', 'only in-app notifications are acknowledged');
  });
});

describe('the notification decision state', () => {
  const stateOf = (events: Parameters<typeof spec.given>[0]) => spec.given(events).state();

  it('starts as none', () => {
    expect(notificationDecider.initialState()).toEqual({ status: 'none' });
  });

  it('while waiting: how it goes, to whom, its attempts and when it is due; no content', () => {
    expect(stateOf(requestedHistory)).toEqual({
      status: 'requested',
      channel: 'email',
      recipient: emailData.recipient,
      attempts: 0,
      confidential: false,
      leadTeam: null,
      dueAt: expect.any(String),
    });
    expect(stateOf(failedHistory)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('sending, sent, given up: no due time', () => {
    expect(stateOf(sendingHistory)).toEqual({
      status: 'sending',
      channel: 'email',
      recipient: emailData.recipient,
      attempts: 1,
      confidential: false,
      leadTeam: null,
    });
    expect(stateOf(sentHistory)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(stateOf(sentHistory)).not.toHaveProperty('dueAt');
    expect(stateOf(histories['given-up'])).toMatchObject({ status: 'given-up' });
  });

  it('acknowledged: by whom and when', () => {
    expect(stateOf(acknowledgedHistory)).toMatchObject({ status: 'acknowledged', acknowledgedBy: OFFICER, acknowledgedAt: later(5) });
  });
});

describe('the notification resource', () => {
  const stateOf = (events: Parameters<typeof spec.given>[0]) => ResourceSpec(notificationResource).given(events).resource();

  it('starts as none', () => {
    expect(notificationResource.initialState()).toEqual({ status: 'none' });
  });

  it('after the request: the whole resource, due at once, plain JSON', () => {
    const state = stateOf(requestedHistory);
    expect(state).toEqual({
      ...emailData,
      status: 'requested',
      attempts: 0,
      dueAt: T0,
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
      confidential: false,
      leadTeam: null,
      createdAt: T0,
      updatedAt: T0,
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('follows an attempt: sending, failed and due again at the retry, then sent', () => {
    expect(stateOf(sendingHistory)).toMatchObject({ status: 'sending', attempts: 1, attemptStartedAt: later(1), dueAt: null });
    expect(stateOf(failedHistory)).toMatchObject({
      status: 'failed',
      lastError: 'connect ECONNREFUSED 127.0.0.1:2525',
      nextAttemptAt: '2025-01-07T03:01:30.000Z',
      dueAt: '2025-01-07T03:01:30.000Z',
      attemptStartedAt: null,
    });
    expect(stateOf(sentHistory)).toMatchObject({ status: 'sent', sentAt: later(1), messageId: `<${NOTIFICATION_ID}@partnership-tracker>`, dueAt: null });
  });

  it('keeps why it gave up, and who acknowledged', () => {
    expect(stateOf(histories['given-up'])).toMatchObject({ status: 'given-up', givenUpReason: 'the partner left the programme', dueAt: null });
    expect(stateOf(acknowledgedHistory)).toMatchObject({ status: 'acknowledged', acknowledgedBy: OFFICER, acknowledgedAt: later(5) });
  });

  it('is due at sendAfter when scheduled', () => {
    expect(stateOf([requestedEvent({ ...emailData, sendAfter: later(60) })])).toMatchObject({ dueAt: later(60) });
  });
});

describe('a notice about a confidential record', () => {
  const secretData: RequestNotificationData = { ...inAppData, confidential: true, leadTeam: 'IASA' };
  const secretHistory: NotificationEvent[] = [
    { type: 'NotificationRequested', data: { ...requestedEvent(inAppData).data, confidential: true, leadTeam: 'IASA' } },
    inboxSent(),
  ];
  const setVisibility = (data: { confidential: boolean; leadTeam?: string | null }, now = later(7)): NotificationCommand => ({
    type: 'SetVisibility',
    now,
    data,
  });

  it('records the record’s confidentiality and lead team on the request', () => {
    const [requested] = spec.given([]).when(request(secretData)).events();
    expect(requested.data).toMatchObject({ confidential: true, leadTeam: 'IASA' });
  });

  it('says nothing of them on a notice about no record (an admin’s test message)', () => {
    const [requested] = spec.given([]).when(request(emailData)).events();
    expect(requested.data).not.toHaveProperty('confidential');
    expect(visibilityOfNotification(spec.given(requestedHistory).state())).toEqual({ confidential: false, leadTeam: null });
  });

  it('is seen as its record is: the decision state and the resource carry confidential and leadTeam', () => {
    expect(visibilityOfNotification(spec.given(secretHistory).state())).toEqual({ confidential: true, leadTeam: 'IASA' });
    expect(ResourceSpec(notificationResource).given(secretHistory).resource()).toMatchObject({ confidential: true, leadTeam: 'IASA' });
  });

  it('follows its record when it is opened again, in any status (read or not)', () => {
    const changed = { type: 'NotificationVisibilityChanged', data: { confidential: false, leadTeam: 'IASA', at: later(7) } } as const;
    spec
      .given(secretHistory)
      .when(setVisibility({ confidential: false }))
      .then([changed]);
    const read: NotificationEvent[] = [...secretHistory, { type: 'NotificationAcknowledged', data: { by: OFFICER, at: later(5) } }];
    spec
      .given(read)
      .when(setVisibility({ confidential: false }))
      .then([changed]);
    expect(visibilityOfNotification(spec.given([...read, changed]).state())).toEqual({ confidential: false, leadTeam: 'IASA' });
    expect(
      ResourceSpec(notificationResource)
        .given([...read, changed])
        .resource(),
    ).toMatchObject({ status: 'acknowledged', confidential: false, updatedAt: later(7) });
  });

  it('follows a new lead team, and records nothing when nothing changes', () => {
    spec
      .given(secretHistory)
      .when(setVisibility({ confidential: true, leadTeam: 'NMCO' }))
      .then([{ type: 'NotificationVisibilityChanged', data: { confidential: true, leadTeam: 'NMCO', at: later(7) } }]);
    spec
      .given(secretHistory)
      .when(setVisibility({ confidential: true }))
      .then([]);
    spec
      .given(secretHistory)
      .when(setVisibility({ confidential: true, leadTeam: 'IASA' }))
      .then([]);
  });

  it('is not found when there is no such notice', () => {
    spec
      .given([])
      .when(setVisibility({ confidential: true }))
      .thenThrows('NOTIFICATION.NOT_FOUND');
  });
});
