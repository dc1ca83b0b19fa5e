import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ManualClock, newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type AggregateEndpoint } from '@pmt/service-kit';
import { join } from 'node:path';
import { freePort, spawnTs, tempDir } from '@pmt/testing';
import type { Notification, NotificationCommand, NotificationEvent, NotificationState, RequestNotificationData } from '../index';
import { notificationsDefinition } from '../../notifications.definition';
import { webhookPayload } from '../delivery/webhook-channel';
import { eventually, startSmtpServer, startWebhookReceiver, type SmtpTestServer, type WebhookReceiver } from '../testing/receivers';
import type { DispatcherConfig } from './dispatcher-config';
import { DISPATCHER_ACTOR, type NotificationDispatcher } from './notification-dispatcher';
import { createDispatcher, type Dispatching } from './start-dispatcher';

type Notifications = AggregateEndpoint<NotificationCommand, NotificationEvent, NotificationState>;
type Doc = Notification & { version: number };

const SECRET = 'whsec-partner-portal-0123456789';
const THAI_SUBJECT = 'แจ้งเตือน: MOU NIA–UNDP ครบกำหนดใน 90 วัน';
const THAI_BODY = 'บันทึกความเข้าใจระหว่าง NIA และ UNDP จะสิ้นสุดในอีก 90 วัน\nโปรดพิจารณาการต่ออายุ ขอบคุณครับ';

/** The dispatcher with real channels, a real SQLite store and a clock the test moves. */
describe('the notification dispatcher', () => {
  let smtp: SmtpTestServer;
  let receiver: WebhookReceiver;
  let dir: ReturnType<typeof tempDir>;
  let clock: ManualClock;
  let runtime: ServiceRuntime | undefined;
  let running: Dispatching | undefined;
  let notifications: Notifications;
  /** A port nothing listens on. */
  let closedPort: number;

  const config = (overrides: Partial<DispatcherConfig> = {}): DispatcherConfig => ({
    intervalMs: 20,
    retry: { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 3 },
    deliveryTimeoutMs: 5_000,
    attemptLeaseMs: 60_000,
    resendUncertain: true,
    concurrency: 4,
    smtpUrl: smtp.url,
    smtpFrom: 'Partnership Office <partnerships@step.example>',
    ...overrides,
  });

  /** Opens the service's store (again, after a restart) and a dispatcher on it; the dispatcher is not started. */
  const open = async (overrides: Partial<DispatcherConfig> = {}): Promise<NotificationDispatcher> => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('notifications', { DATA_DIR: dir.path }), notificationsDefinition, clock);
    await runtime.start({ relay: false });
    notifications = runtime.endpoint('notification');
    running = createDispatcher(runtime, config(overrides), [
      { name: 'partner-portal', url: receiver.url, secret: SECRET, topics: ['mou.expiring'] },
      { name: 'nowhere', url: `http://127.0.0.1:${closedPort}/closed`, secret: SECRET, topics: [] },
    ]);
    return running.dispatcher;
  };
  const close = async () => {
    await running?.stop();
    await runtime?.stop();
    running = undefined;
    runtime = undefined;
  };

  const message = (): CommandMessage => ({ commandId: newId(), actor: 'system:workflows', correlationId: newId(), data: {} });
  const request = async (data: Partial<RequestNotificationData> = {}): Promise<string> => {
    const id = data.id ?? newId();
    await notifications.execute(id, message(), (now) => ({
      type: 'RequestNotification',
      now,
      data: {
        id,
        channel: 'email',
        recipient: 'iasa@step.example',
        subject: THAI_SUBJECT,
        body: THAI_BODY,
        topic: 'mou.expiring',
        link: { resource: 'mous', id: newId() },
        sendAfter: null,
        ...data,
      },
    }));
    return id;
  };
  const get = (id: string) => notifications.get(id) as Promise<Doc>;
  const types = async (id: string) => (await notifications.history.history(id)).events.map((e) => e.type);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    receiver = await startWebhookReceiver(SECRET);
    closedPort = await freePort();
  });
  afterAll(async () => {
    await smtp.stop();
    await receiver.stop();
  });
  beforeEach(() => {
    dir = tempDir('pmt-notifications-');
    clock = new ManualClock('2030-01-07T03:00:00Z');
    smtp.mails.length = 0;
    receiver.calls.length = 0;
  });
  afterEach(async () => {
    await close();
    dir.remove();
  });

  describe('email', () => {
    it('sends Thai subject and body that decode to exactly what was requested, with the notification’s Message-ID', async () => {
      const dispatcher = await open();
      const id = await request();
      expect(await dispatcher.tick()).toBe(1);

      expect(smtp.mails).toHaveLength(1);
      const mail = smtp.mails[0];
      expect(mail.parsed.subject).toBe(THAI_SUBJECT);
      expect(mail.parsed.text?.replace(/\n$/, '')).toBe(THAI_BODY);
      expect(mail.messageId).toBe(`<${id}@partnership-tracker>`);
      expect(mail.parsed.to).toMatchObject({ value: [{ address: 'iasa@step.example' }] });
      expect(mail.parsed.from).toMatchObject({ value: [{ address: 'partnerships@step.example', name: 'Partnership Office' }] });
      expect(mail.parsed.headers.get('x-notification-id')).toBe(id);
      // on the wire the subject is an RFC 2047 encoded word: no raw UTF-8 in the header
      expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);

      expect(await get(id)).toMatchObject({ status: 'sent', attempts: 1, messageId: `<${id}@partnership-tracker>`, sentAt: clock.now().toISOString() });
      expect(await types(id)).toEqual(['NotificationRequested', 'NotificationAttemptStarted', 'NotificationSent']);
      const history = (await notifications.history.history(id)).events;
      expect(history[1].actor).toBe(DISPATCHER_ACTOR);
      expect(history[2].data).toMatchObject({ attempt: 1, channel: 'email', response: expect.stringMatching(/^250/) });

      expect(await dispatcher.tick()).toBe(0);
      expect(smtp.mails).toHaveLength(1);
    });

    it('waits for sendAfter, and after downtime sends late rather than never', async () => {
      let dispatcher = await open();
      const id = await request({ sendAfter: '2030-01-08T09:00:00+07:00' });
      expect(await dispatcher.tick()).toBe(0);
      clock.set('2030-01-08T01:59:59Z');
      expect(await dispatcher.tick()).toBe(0);
      expect(smtp.mails).toHaveLength(0);
      await close();

      // the service was down when it fell due
      clock.set('2030-01-09T05:00:00Z');
      dispatcher = await open();
      expect(await dispatcher.tick()).toBe(1);
      expect(smtp.mails.map((m) => m.messageId)).toEqual([`<${id}@partnership-tracker>`]);
      expect(await get(id)).toMatchObject({ status: 'sent', sendAfter: '2030-01-08T02:00:00.000Z', sentAt: '2030-01-09T05:00:00.000Z' });
    });

    it('retries a message the server refused for now, with the same Message-ID', async () => {
      const dispatcher = await open();
      const id = await request();
      smtp.refuseNext(1);
      await dispatcher.tick();
      expect(await get(id)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('451'), nextAttemptAt: '2030-01-07T03:00:30.000Z' });
      clock.advance(30_000);
      await dispatcher.tick();
      expect(await get(id)).toMatchObject({ status: 'sent', attempts: 2 });
      expect(smtp.countsByMessageId().get(`<${id}@partnership-tracker>`)).toBe(1);
    });

    it('without SMTP_URL fails with a clear recorded error, retried and then given up', async () => {
      const dispatcher = await open({ smtpUrl: undefined });
      const id = await request();
      for (let i = 0; i < 3; i++) {
        await dispatcher.tick();
        clock.advance(3_600_000);
      }
      const n = await get(id);
      expect(n).toMatchObject({ status: 'given-up', attempts: 3, lastError: expect.stringContaining('SMTP_URL is not set') });
      expect(n.givenUpReason).toBe('no delivery after 3 attempts; the last error: SMTP_URL is not set: this service has no mail server to send email through');
    });
  });

  describe('webhooks', () => {
    it('posts signed JSON, backs off after failures and delivers once the receiver answers 2xx', async () => {
      const dispatcher = await open();
      const id = await request({ channel: 'webhook', recipient: 'partner-portal' });
      receiver.failNext(2, 500);

      await dispatcher.tick();
      expect(await get(id)).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: '2030-01-07T03:00:30.000Z' });
      expect((await get(id)).lastError).toBe('webhook partner-portal answered HTTP 500: not now');
      // not before the backoff has passed
      clock.advance(29_999);
      await dispatcher.tick();
      expect(receiver.calls).toHaveLength(1);

      clock.advance(1);
      await dispatcher.tick();
      // then twice as long
      expect(await get(id)).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: '2030-01-07T03:01:30.000Z' });
      clock.set('2030-01-07T03:01:30.000Z');
      await dispatcher.tick();

      expect(await get(id)).toMatchObject({ status: 'sent', attempts: 3, httpStatus: 204 });
      expect(receiver.calls.map((c) => c.status)).toEqual([500, 500, 204]);
      const notification = await get(id);
      for (const [i, call] of receiver.calls.entries()) {
        expect(call.verified).toBe(true);
        expect(call.headers['x-notification-id']).toBe(id);
        expect(call.headers['idempotency-key']).toBe(id);
        expect(call.headers['x-notification-attempt']).toBe(String(i + 1));
        expect(call.headers['content-type']).toBe('application/json; charset=utf-8');
        // the same bytes every time, so a receiver can compare a repeat
        expect(call.body).toBe(webhookPayload(notification));
      }
      expect(receiver.calls[2].headers['x-signature-timestamp']).toBe(String(Date.parse('2030-01-07T03:01:30Z') / 1000));
      expect(JSON.parse(receiver.calls[0].body)).toEqual({
        id,
        topic: 'mou.expiring',
        subject: THAI_SUBJECT,
        body: THAI_BODY,
        link: notification.link,
        requestedAt: '2030-01-07T03:00:00.000Z',
      });
      expect(await types(id)).toEqual([
        'NotificationRequested',
        'NotificationAttemptStarted',
        'NotificationFailed',
        'NotificationAttemptStarted',
        'NotificationFailed',
        'NotificationAttemptStarted',
        'NotificationSent',
      ]);
    });

    it('gives up after the last attempt, with the reason, and calls no more', async () => {
      const dispatcher = await open();
      const id = await request({ channel: 'webhook', recipient: 'partner-portal' });
      receiver.failNext(100, 503);
      for (let i = 0; i < 6; i++) {
        await dispatcher.tick();
        clock.advance(3_600_000);
      }
      expect(receiver.calls).toHaveLength(3);
      expect(await get(id)).toMatchObject({
        status: 'given-up',
        attempts: 3,
        givenUpReason: 'no delivery after 3 attempts; the last error: webhook partner-portal answered HTTP 503: not now',
      });
      expect((await types(id)).slice(-2)).toEqual(['NotificationFailed', 'NotificationGivenUp']);
      receiver.failNext(0);
    });

    it('records a network error and a webhook that is not configured as failures to retry', async () => {
      const dispatcher = await open();
      const closed = await request({ channel: 'webhook', recipient: 'nowhere' });
      const unknown = await request({ channel: 'webhook', recipient: 'crm' });
      await dispatcher.tick();
      expect((await get(closed)).lastError).toMatch(/^POST to webhook nowhere failed: ECONNREFUSED/);
      expect(await get(unknown)).toMatchObject({
        status: 'failed',
        lastError: 'no webhook named "crm" is configured (WEBHOOKS or the webhooks of the workflows config)',
      });
    });
  });

  describe('in-app', () => {
    it('puts a scheduled notification in the inbox once due, without any channel', async () => {
      const dispatcher = await open();
      const now = await request({ channel: 'in-app', recipient: 'officer@step.example' });
      const later = await request({ channel: 'in-app', recipient: 'officer@step.example', sendAfter: '2030-01-07T04:00:00Z' });
      expect(await get(now)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(await get(later)).toMatchObject({ status: 'requested' });
      expect(await dispatcher.tick()).toBe(0);
      clock.set('2030-01-07T04:00:00Z');
      expect(await dispatcher.tick()).toBe(1);
      expect(await get(later)).toMatchObject({ status: 'sent', sentAt: '2030-01-07T04:00:00.000Z' });
      expect(smtp.mails).toHaveLength(0);
      expect(receiver.calls).toHaveLength(0);
    });
  });

  describe('exactly once', () => {
    /**
     * The dispatcher runs in a process of its own, which is killed with SIGKILL while it sends: no graceful stop,
     * attempts cut off between the SMTP 250 and their record. Nothing may be lost; an attempt the kill cut off is
     * sent again once its lease runs out, with the same Message-ID and a record that its first outcome is unknown;
     * nothing else is sent twice.
     */
    it('loses nothing when the process is killed mid-stream, and sends again only what the kill cut off, with the same Message-ID', async () => {
      const slow = await startSmtpServer({ delayMs: 15 });
      const concurrency = 3;
      try {
        await open();
        const ids: string[] = [];
        for (let i = 0; i < 30; i++) ids.push(await request({ subject: `${THAI_SUBJECT} #${i}` }));
        await close();

        const child = spawnTs(join(__dirname, 'dispatcher.child.ts'), [dir.path, slow.url, clock.now().toISOString()]);
        try {
          await child.line(/^started$/, 60_000);
          await eventually(
            () => slow.mails.length,
            (n) => n >= 5,
          );
        } finally {
          expect(await child.kill()).toEqual({ code: null, signal: 'SIGKILL' });
        }
        const receivedBeforeKill = slow.mails.length;

        const dispatcher = await open({ smtpUrl: slow.url, concurrency });
        const sentBeforeKill = new Set<string>();
        for (const id of ids) if ((await types(id)).includes('NotificationSent')) sentBeforeKill.add(id);
        expect(receivedBeforeKill).toBeGreaterThanOrEqual(5);
        expect(sentBeforeKill.size).toBeLessThan(30);

        // the leases of the attempts the kill cut off run out
        clock.advance(60_000);
        dispatcher.start();
        const statuses = await eventually(
          async () => Promise.all(ids.map(async (id) => (await get(id)).status)),
          (s) => s.every((x) => x === 'sent'),
        );
        expect(statuses.every((s) => s === 'sent')).toBe(true);

        const counts = slow.countsByMessageId();
        const messageId = (id: string) => `<${id}@partnership-tracker>`;
        expect([...counts.keys()].sort()).toEqual(ids.map(messageId).sort());
        const sentTwice = ids.filter((id) => counts.get(messageId(id))! > 1);
        expect(sentTwice.length).toBeLessThanOrEqual(concurrency);
        for (const id of ids) {
          const events = (await notifications.history.history(id)).events;
          const cutOff = events.some((e) => e.type === 'NotificationFailed' && (e.data as { outcomeUnknown?: boolean }).outcomeUnknown === true);
          if (sentTwice.includes(id)) {
            expect(counts.get(messageId(id))).toBe(2);
            expect(cutOff).toBe(true);
            expect(sentBeforeKill.has(id)).toBe(false);
          }
          expect(events.filter((e) => e.type === 'NotificationSent')).toHaveLength(1);
        }
      } finally {
        await slow.stop();
      }
    }, 90_000);

    it('sends each notification once when two dispatchers work on the same store', async () => {
      const first = await open({ concurrency: 2 });
      const second = createDispatcher(runtime as ServiceRuntime, config({ concurrency: 2 }), []).dispatcher;
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await request());
      await Promise.all([first.tick(), second.tick(), first.tick(), second.tick()]);
      await Promise.all([first.tick(), second.tick()]);
      const counts = smtp.countsByMessageId();
      expect(counts.size).toBe(12);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      for (const id of ids) expect((await get(id)).attempts).toBe(1);
    });

    describe('a crash after the server accepted a message and before its outcome was recorded', () => {
      /** Delivers through the real channel and then never returns: the process died right after the SMTP 250. */
      const crashAfterDelivery = async () => {
        const dispatcher = await open();
        const id = await request();
        const channels = (dispatcher as unknown as { channels: Record<string, { deliver: (...a: unknown[]) => Promise<unknown> }> }).channels;
        const deliver = channels.email.deliver.bind(channels.email);
        channels.email.deliver = async (...args: unknown[]) => {
          await deliver(...args);
          return new Promise(() => undefined);
        };
        void dispatcher.tick();
        await eventually(
          () => smtp.mails.length,
          (n) => n === 1,
        );
        // the dead process's pass never ends; only its store is closed
        running = undefined;
        await close();
        return id;
      };

      it('is resent with the same Message-ID once the attempt’s lease has run out, and says so in history', async () => {
        const id = await crashAfterDelivery();
        const dispatcher = await open();
        expect(await get(id)).toMatchObject({ status: 'sending', attempts: 1 });
        expect(await dispatcher.tick()).toBe(0);

        clock.advance(60_000);
        expect(await dispatcher.tick()).toBe(1);
        expect(await get(id)).toMatchObject({ status: 'sent', attempts: 2 });
        // both copies carry one Message-ID: a receiver that drops repeats shows one message
        expect(smtp.countsByMessageId().get(`<${id}@partnership-tracker>`)).toBe(2);
        const events = (await notifications.history.history(id)).events;
        expect(events.map((e) => e.type)).toEqual([
          'NotificationRequested',
          'NotificationAttemptStarted',
          'NotificationFailed',
          'NotificationAttemptStarted',
          'NotificationSent',
        ]);
        expect(events[2]).toMatchObject({
          reason: 'attempt outcome unknown',
          data: { attempt: 1, outcomeUnknown: true, nextAttemptAt: clock.now().toISOString() },
        });
        expect((events[2].data as { error: string }).error).toContain(`sent again with the same Message-ID <${id}@partnership-tracker>`);
      });

      it('is given up instead, naming why, when resending is turned off', async () => {
        const id = await crashAfterDelivery();
        const dispatcher = await open({ resendUncertain: false });
        clock.advance(60_000);
        await dispatcher.tick();
        const n = await get(id);
        expect(n.status).toBe('given-up');
        expect(n.givenUpReason).toMatch(/^the outcome of attempt 1 \(started 2030-01-07T03:00:00.000Z\) was never recorded.*NOTIFY_RESEND_UNCERTAIN is false$/);
        expect(smtp.countsByMessageId().get(`<${id}@partnership-tracker>`)).toBe(1);
      });
    });
  });
});
