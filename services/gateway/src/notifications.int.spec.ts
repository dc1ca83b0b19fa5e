import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import type { CommandMessage, QueryMessage } from '@pmt/messaging';
import { fail, ok } from './infra/testing/fake-services';
import { commandEcho, startHarness, type Harness } from './infra/testing/harness';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

describe('gateway /notifications (roles, validation, forwarding, error mapping)', () => {
  let h: Harness;

  const testMessage = () => ({
    channel: 'email',
    recipient: 'iasa@step.example',
    subject: 'ทดสอบการแจ้งเตือน',
    body: 'ข้อความทดสอบจากสำนักงานความร่วมมือ',
  });

  beforeAll(async () => {
    h = await startHarness();
    await h.fake.handle('notifications.notification.request', commandEcho('create'));
    await h.fake.handle('notifications.notification.acknowledge', commandEcho('update'));
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const command = (subject: string) => h.fake.last(subject)?.message as unknown as CommandMessage;
  const expectProblem = (r: { status: number; headers: Headers }, status: number) => {
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  };

  describe('test message (admins only)', () => {
    it('forwards an admin’s test message with topic "test", Thai text unchanged, the reason as metadata', async () => {
      const r = await h.request('POST', '/api/v1/notifications', {
        token: h.token(['admin'], 'director@step.example'),
        body: { ...testMessage(), reason: 'checking the new mail server' },
      });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`/api/v1/notifications/${r.body.id}`);
      expect(r.headers.get('etag')).toBe('"1"');
      const msg = command('notifications.notification.request');
      expect(msg).toMatchObject({ actor: 'director@step.example', reason: 'checking the new mail server' });
      expect(msg.data).toEqual({ ...testMessage(), topic: 'test' });
      expect(msg.id).toBeUndefined();
    });

    it('is not for staff, auditors or viewers', async () => {
      for (const roles of [['staff'], ['auditor'], ['viewer']]) {
        expectProblem(await h.request('POST', '/api/v1/notifications', { token: h.token(roles), body: testMessage() }), 403);
      }
      expect(h.fake.all('notifications.notification.request')).toHaveLength(0);
    });

    it('names every bad field in one 400 and forwards nothing', async () => {
      const body = {
        channel: 'sms',
        recipient: ' ',
        subject: 'two\nlines',
        body: '',
        link: { resource: 'mous' },
        sendAfter: '2025-01-07 09:00',
        colour: 'red',
      };
      const r = await h.request('POST', '/api/v1/notifications', { token: h.token(['admin']), body });
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(['body', 'channel', 'colour', 'link.id', 'recipient', 'sendAfter', 'subject']);
      // the service's rules (an email recipient is an address) join through notifications.notification.validate:
      // its route spec shows them; here no service answers it, and the schema's errors stand alone
      expect(h.fake.all('notifications.notification.request')).toHaveLength(0);
    });
  });

  describe('acknowledge', () => {
    it('is open to every role (the service decides whose it is) and forwards the caller and roles', async () => {
      const id = newId();
      for (const roles of [['viewer'], ['auditor'], ['staff']]) {
        const r = await h.request('POST', `/api/v1/notifications/${id}/acknowledge`, { token: h.token(roles, 'someone@step.example'), body: {} });
        expect(r.status).toBe(200);
        expect(command('notifications.notification.acknowledge')).toMatchObject({ id, actor: 'someone@step.example', viewer: { roles }, data: {} });
      }
    });

    it('answers someone else’s notification as 403, a second acknowledgement and an email as 409', async () => {
      const id = newId();
      const answers = [
        {
          code: 'NOTIFICATION.NOT_RECIPIENT',
          kind: 'forbidden' as const,
          message: 'Only its recipient (officer@step.example), staff or an admin may acknowledge this notification',
        },
        {
          code: 'NOTIFICATION.ALREADY_ACKNOWLEDGED',
          kind: 'conflict' as const,
          message: 'Notification is "acknowledged": officer@step.example acknowledged it at 2030-01-07T03:00:00.000Z',
        },
        {
          code: 'NOTIFICATION.NOT_ACKNOWLEDGEABLE',
          kind: 'conflict' as const,
          message: 'Notification is "sent": it went by email; only in-app notifications are acknowledged in the inbox',
        },
      ];
      try {
        for (const [i, error] of answers.entries()) {
          await h.fake.handle('notifications.notification.acknowledge', () => fail(error));
          const r = await h.request('POST', `/api/v1/notifications/${id}/acknowledge`, { token: h.token(['viewer']), body: {} });
          expectProblem(r, i === 0 ? 403 : 409);
          expect(r.body).toMatchObject({ code: error.code, detail: error.message });
        }
      } finally {
        await h.fake.handle('notifications.notification.acknowledge', commandEcho('update'));
      }
    });

    it('refuses a body with fields and an id that is not a UUID', async () => {
      expectProblem(await h.request('POST', `/api/v1/notifications/${newId()}/acknowledge`, { token: h.token(['staff']), body: { read: true } }), 400);
      expectProblem(await h.request('POST', '/api/v1/notifications/inbox/acknowledge', { token: h.token(['staff']), body: {} }), 400);
      expect(h.fake.all('notifications.notification.acknowledge')).toHaveLength(0);
    });
  });

  describe('reads', () => {
    it('lists with filters, reading recipient=me as the caller, and names each bad filter', async () => {
      await h.fake.handle('notifications.notification.list', () => ok({ items: [], nextCursor: null }));
      const r = await h.request('GET', '/api/v1/notifications?recipient=me&status=sent&channel=in-app&topic=mou.expiring', {
        token: h.token(['viewer'], 'officer@step.example'),
      });
      expect(r.status).toBe(200);
      expect((h.fake.last('notifications.notification.list')?.message as unknown as QueryMessage).params).toEqual({
        recipient: 'officer@step.example',
        status: 'sent',
        channel: 'in-app',
        topic: 'mou.expiring',
        limit: 50,
      });
      await h.request('GET', '/api/v1/notifications?recipient=iasa@step.example', { token: h.token(['viewer']) });
      expect((h.fake.last('notifications.notification.list')?.message as unknown as QueryMessage).params).toMatchObject({ recipient: 'iasa@step.example' });

      const bad = await h.request('GET', '/api/v1/notifications?status=unread&channel=sms&limit=0&organisationId=x', { token: h.token(['viewer']) });
      expectProblem(bad, 400);
      expect(paths(bad.body)).toEqual(['channel', 'limit', 'organisationId', 'status']);
    });

    it('reads one with its ETag, and history, verification and export only for staff, admins and auditors', async () => {
      const id = newId();
      await h.fake.handle('notifications.notification.get', () => ok({ id, version: 3, status: 'sent' }));
      await h.fake.handle('notifications.notification.history', () => ok({ items: [], nextCursor: null }));
      await h.fake.handle('notifications.notification.verify', () => ok({ valid: true, events: 3, firstInvalidVersion: null }));
      await h.fake.handle('notifications.notification.export', () =>
        ok({ filename: `notification-${id}.csv`, contentType: 'text/csv', toVersion: 1, chunk: 'version,type\n', nextCursor: null }),
      );
      const read = await h.request('GET', `/api/v1/notifications/${id}`, { token: h.token(['viewer']) });
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"3"');
      expectProblem(await h.request('GET', `/api/v1/notifications/${id}/history`, { token: h.token(['viewer']) }), 403);
      expect((await h.request('GET', `/api/v1/notifications/${id}/history`, { token: h.token(['auditor']) })).body).toEqual({ items: [], nextCursor: null });
      expect((await h.request('GET', `/api/v1/notifications/${id}/history/verify`, { token: h.token(['auditor']) })).body).toMatchObject({ valid: true });
      const file = await h.request('GET', `/api/v1/notifications/${id}/history/export?format=csv`, { token: h.token(['auditor']) });
      expect(file.headers.get('content-disposition')).toContain(`notification-${id}.csv`);
      expect(file.text).toBe('version,type\n');
    });

    it('answers an unknown notification as 404', async () => {
      await h.fake.handle('notifications.notification.get', () =>
        fail({ code: 'NOTIFICATION.NOT_FOUND', kind: 'not-found', message: 'no notification with id x' }),
      );
      expectProblem(await h.request('GET', `/api/v1/notifications/${newId()}`, { token: h.token(['viewer']) }), 404);
    });

    it('answers 401 without a token', async () => {
      expect((await h.request('GET', '/api/v1/notifications')).status).toBe(401);
    });
  });
});
