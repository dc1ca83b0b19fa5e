import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  eventually,
  startSmtpServer,
  startWebhookReceiver,
  type SmtpTestServer,
  type WebhookReceiver,
} from '../../services/notifications/src/notification/testing/receivers';
import { startProduct, type Product } from '../support/product';

const SECRET = 'whsec-e2e-partner-portal-0123456789';
const SUBJECT = 'แจ้งเตือน: MOU NIA–UNDP เริ่มมีผลแล้ว';
const BODY = 'บันทึกความเข้าใจระหว่าง NIA และ UNDP มีผลบังคับใช้แล้ว\nโปรดวางแผนกิจกรรม Youth Co:Lab';
const KILLED_BATCH = 24;

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The notifications service in the real stack: an SMTP server and a webhook receiver in this process, the service
 * delivering through them, killed with SIGKILL in the middle of a batch.
 */
describe('notifications through the real stack', () => {
  let product: Product;
  let smtp: SmtpTestServer;
  let portal: WebhookReceiver;
  let down: WebhookReceiver;

  const admin = ['admin'];
  const api = (method: string, path: string, body?: unknown, roles = ['staff', 'auditor'], sub?: string) =>
    product.api(method, `/api/v1${path}`, {
      ...(body !== undefined && { body }),
      headers: { authorization: `Bearer ${product.token(roles, sub)}` },
    });
  const send = async (body: Record<string, unknown>) => {
    const r = await api('POST', '/notifications', { subject: SUBJECT, body: BODY, ...body }, admin, 'director@step.example');
    if (r.status !== 201) throw new Error(`test notification answered ${r.status}: ${r.text}`);
    return r.body as Doc;
  };
  const get = async (id: string) => (await api('GET', `/notifications/${id}`)).body as Doc;
  const settled = (id: string, status = 'sent') =>
    eventually(
      () => get(id),
      (n) => n.status === status,
      30_000,
    );
  const history = async (id: string) => (await api('GET', `/notifications/${id}/history`)).body.items as Doc[];

  beforeAll(async () => {
    // each message takes a while to be accepted, so that the kill falls in the middle of the batch
    smtp = await startSmtpServer({ delayMs: 150 });
    portal = await startWebhookReceiver(SECRET);
    down = await startWebhookReceiver(SECRET);
    product = await startProduct({
      SMTP_URL: smtp.url,
      SMTP_FROM: 'STeP Partnership Office <partnerships@step.example>',
      WEBHOOKS: JSON.stringify([
        { name: 'partner-portal', url: portal.url, secret: SECRET, topics: ['*'] },
        { name: 'down-portal', url: down.url, secret: SECRET, topics: ['*'] },
      ]),
      NOTIFY_INTERVAL_MS: '100',
      NOTIFY_RETRY_BASE_MS: '200',
      NOTIFY_RETRY_CAP_MS: '800',
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_DELIVERY_TIMEOUT_MS: '2000',
      NOTIFY_ATTEMPT_LEASE_MS: '3000',
    });
  }, 60_000);

  afterAll(async () => {
    await product?.stop();
    await smtp?.stop();
    await portal?.stop();
    await down?.stop();
  });

  it('emails Thai text that arrives decoded exactly as requested, once, with the notification’s Message-ID', async () => {
    const created = await send({ channel: 'email', recipient: 'iasa@step.example' });
    expect(created).toMatchObject({ status: 'requested', version: 1, topic: 'test', subject: SUBJECT });
    const n = await settled(created.id);
    expect(n).toMatchObject({ status: 'sent', attempts: 1, messageId: `<${created.id}@partnership-tracker>` });

    const mails = smtp.mails.filter((m) => m.messageId === `<${created.id}@partnership-tracker>`);
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe(SUBJECT);
    expect(mails[0].parsed.text?.replace(/\n$/, '')).toBe(BODY);
    expect(mails[0].parsed.from).toMatchObject({ value: [{ address: 'partnerships@step.example' }] });

    const events = await history(created.id);
    expect(events.map((e) => e.type)).toEqual(['NotificationRequested', 'NotificationAttemptStarted', 'NotificationSent']);
    expect(events[0]).toMatchObject({ actor: 'director@step.example' });
    expect(events[2]).toMatchObject({ actor: 'system:notifications' });
    expect((await api('GET', `/notifications/${created.id}/history/verify`)).body).toMatchObject({ valid: true, events: 3, firstInvalidVersion: null });
  });

  it('posts a signed webhook again after the receiver failed, and records both attempts', async () => {
    portal.failNext(1, 502);
    const created = await send({ channel: 'webhook', recipient: 'partner-portal', topic: 'mou.activated' });
    const n = await settled(created.id);
    expect(n).toMatchObject({ status: 'sent', attempts: 2, httpStatus: 204, lastError: 'webhook partner-portal answered HTTP 502: not now' });
    const calls = portal.calls.filter((c) => c.headers['x-notification-id'] === created.id);
    expect(calls.map((c) => [c.verified, c.status])).toEqual([
      [true, 502],
      [true, 204],
    ]);
    expect(JSON.parse(calls[1].body)).toMatchObject({ id: created.id, topic: 'mou.activated', subject: SUBJECT, body: BODY });
  });

  it('gives up on a webhook that keeps failing, with the reason', async () => {
    down.failNext(1000, 503);
    const created = await send({ channel: 'webhook', recipient: 'down-portal' });
    const n = await settled(created.id, 'given-up');
    expect(n).toMatchObject({
      status: 'given-up',
      attempts: 3,
      givenUpReason: 'no delivery after 3 attempts; the last error: webhook down-portal answered HTTP 503: not now',
    });
    expect(down.calls.filter((c) => c.headers['x-notification-id'] === created.id)).toHaveLength(3);
  });

  it('puts in-app notifications in the recipient’s inbox, where only they (or staff) acknowledge them', async () => {
    const viewer = 'viewer@step.example';
    const created = await send({ channel: 'in-app', recipient: viewer, link: { resource: 'mous', id: 'mou-1' } });
    expect(created).toMatchObject({ status: 'sent', version: 2 });

    const inbox = await api('GET', '/notifications?recipient=me&channel=in-app&status=sent', undefined, ['viewer'], viewer);
    expect(inbox.body.items.map((n: Doc) => n.id)).toEqual([created.id]);

    const other = await api('POST', `/notifications/${created.id}/acknowledge`, {}, ['viewer'], 'someone-else@step.example');
    expect(other.status).toBe(403);
    const acked = await api('POST', `/notifications/${created.id}/acknowledge`, {}, ['viewer'], viewer);
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: viewer, version: 3 });
    const again = await api('POST', `/notifications/${created.id}/acknowledge`, {}, ['staff'], 'officer@step.example');
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain(`Notification is "acknowledged": ${viewer} acknowledged it at`);
    expect((await api('GET', '/notifications?recipient=me&channel=in-app&status=sent', undefined, ['viewer'], viewer)).body.items).toEqual([]);
  });

  it('leaves sending test messages to admins', async () => {
    const r = await api('POST', '/notifications', { channel: 'email', recipient: 'iasa@step.example', subject: 'x', body: 'y' }, ['staff']);
    expect(r.status).toBe(403);
  });

  describe('killed with SIGKILL in the middle of a batch of emails', () => {
    const ids: string[] = [];
    let receivedAtKill = -1;

    beforeAll(async () => {
      const batch = Array.from({ length: KILLED_BATCH }, (_, i) =>
        send({ channel: 'email', recipient: `partner${i}@step.example`, subject: `${SUBJECT} #${i}` }),
      );
      ids.push(...(await Promise.all(batch)).map((n) => n.id as string));
      const ours = () => smtp.mails.filter((m) => ids.some((id) => m.messageId === `<${id}@partnership-tracker>`)).length;
      receivedAtKill = await eventually(ours, (n) => n >= 3, 20_000);
      await product.stack.kill('notifications', 'SIGKILL');
      process.stdout.write(`notifications killed with ${receivedAtKill} of ${KILLED_BATCH} emails received\n`);
    }, 60_000);

    it('really killed it in the middle', () => {
      expect(receivedAtKill).toBeGreaterThan(0);
      expect(receivedAtKill).toBeLessThan(KILLED_BATCH);
    });

    it('loses nothing: after the restart every notification is sent and its message arrived', async () => {
      const statuses = await eventually(
        async () => {
          const r = await api('GET', `/notifications?topic=test&channel=email&limit=500`);
          return r.status === 200 ? (r.body.items as Doc[]).filter((n) => ids.includes(n.id)).map((n) => n.status) : [];
        },
        (s) => s.length === KILLED_BATCH && s.every((x) => x === 'sent'),
        60_000,
      );
      expect(statuses).toEqual(ids.map(() => 'sent'));
      const counts = smtp.countsByMessageId();
      for (const id of ids) expect(counts.get(`<${id}@partnership-tracker>`)).toBeGreaterThanOrEqual(1);
    }, 90_000);

    it('sends nothing twice, except an attempt the kill left with an unknown outcome, resent with the same Message-ID and said so', async () => {
      const counts = smtp.countsByMessageId();
      const repeated = ids.filter((id) => (counts.get(`<${id}@partnership-tracker>`) ?? 0) > 1);
      for (const id of ids) {
        const events = await history(id);
        const unknown = events.filter((e) => e.type === 'NotificationFailed' && e.data.outcomeUnknown);
        if (repeated.includes(id)) expect(unknown).toHaveLength(1);
        expect(counts.get(`<${id}@partnership-tracker>`)).toBeLessThanOrEqual(1 + unknown.length);
      }
      // at most the attempts in flight when it died (the dispatcher's concurrency, 4 by default)
      expect(repeated.length).toBeLessThanOrEqual(4);
      process.stdout.write(`${repeated.length} message(s) sent twice after the kill, each with one Message-ID\n`);
    });
  });
});
