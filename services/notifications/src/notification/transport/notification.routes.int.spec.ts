import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock, newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type Route } from '@pmt/service-kit';
import { tempDir } from '@pmt/testing';
import { notificationsDefinition } from '../../notifications.definition';
import { notificationRoutes } from './notification.routes';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The service's NATS routes, called in-process on a real SQLite store with a clock the test moves. */
describe('notification routes', () => {
  const dir = tempDir('pmt-notification-routes-');
  const clock = new ManualClock('2030-01-07T03:00:00Z');
  let runtime: ServiceRuntime;
  let routes: Map<string, Route>;

  const call = async (subject: string, payload: unknown): Promise<Doc> => {
    const route = routes.get(`notifications.notification.${subject}`);
    if (!route) throw new Error(`no route ${subject}`);
    return (await route.handle(payload)) as Doc;
  };
  const command = (data: Record<string, unknown>, extra: Partial<CommandMessage> = {}): CommandMessage => ({
    commandId: newId(),
    actor: 'director@step.example',
    correlationId: newId(),
    viewer: { roles: ['admin'], teams: [] },
    data,
    ...extra,
  });
  const inApp = (recipient = 'officer@step.example') => ({
    channel: 'in-app',
    recipient,
    subject: 'ร่างข้อเสนอโครงการรอการตรวจ',
    body: 'โปรดตรวจร่างข้อเสนอโครงการก่อนวันศุกร์',
    topic: 'proposal.review',
    link: { resource: 'proposals', id: newId() },
  });
  const query = (subject: string, params: Record<string, unknown>) => call(subject, { actor: 'a', correlationId: 'c', params });

  beforeAll(async () => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('notifications', { DATA_DIR: dir.path }), notificationsDefinition, clock);
    await runtime.start({ relay: false });
    routes = new Map(notificationRoutes(runtime).map((r) => [r.subject, r]));
  });
  afterAll(async () => {
    await runtime.stop();
    dir.remove();
  });

  it('requests with the caller’s id; the same id again is a conflict, the same command id a no-op', async () => {
    const id = newId();
    const first = command(inApp(), { id });
    const created = await call('request', first);
    expect(created).toMatchObject({ id, version: 2, resource: { status: 'sent', channel: 'in-app', subject: 'ร่างข้อเสนอโครงการรอการตรวจ' } });
    expect(await call('request', first)).toMatchObject({ id, version: 2 });
    await expect(call('request', command(inApp(), { id }))).rejects.toMatchObject({ code: 'NOTIFICATION.ALREADY_EXISTS', kind: 'conflict' });
    expect((await runtime.endpoint('notification').history.history(id)).events).toHaveLength(2);
  });

  it('gives a new id when the caller names none, and refuses bad fields by name', async () => {
    const created = await call('request', command({ ...inApp(), channel: 'email', recipient: 'iasa@step.example' }));
    expect(created.resource).toMatchObject({ status: 'requested', dueAt: clock.now().toISOString() });
    await expect(call('request', command({ ...inApp(), recipient: ' ', topic: '' }))).rejects.toMatchObject({
      kind: 'invalid',
      errors: [
        { path: 'recipient', message: 'must not be blank' },
        { path: 'topic', message: 'must not be blank' },
      ],
    });
    await expect(call('request', command(inApp(), { id: 'not-a-uuid' }))).rejects.toMatchObject({ code: 'ID.INVALID' });
  });

  it('parses every request with the contract before the decider: a stray field, a bad link or a non-address email is a 400, nothing written', async () => {
    const id = newId();
    await expect(
      call('request', command({ ...inApp(), channel: 'email', recipient: 'IASA team', colour: 'red', link: { resource: 'mous' } }, { id })),
    ).rejects.toMatchObject({
      code: 'REQUEST.INVALID',
      kind: 'invalid',
      errors: [
        { path: 'link.id', message: 'is required' },
        { path: 'colour', message: 'is not a known field' },
        { path: 'recipient', message: 'must be an email address like someone@example.org' },
      ],
    });
    await expect(runtime.endpoint('notification').history.history(id)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(call('acknowledge', command({ note: 'seen' }, { id }))).rejects.toMatchObject({ errors: [{ path: 'note', message: 'is not a known field' }] });
  });

  it('answers validate with every field error of a request and writes nothing (the gateway joins them to its 400)', async () => {
    const reply = await call('validate', {
      actor: 'a',
      correlationId: 'c',
      params: { command: 'request', data: { ...inApp(), channel: 'email', recipient: 'IASA team', subject: '' } },
    });
    expect(reply.errors).toEqual([
      { path: 'subject', message: 'must not be blank' },
      { path: 'recipient', message: 'must be an email address like someone@example.org' },
    ]);
    expect((await call('validate', { actor: 'a', correlationId: 'c', params: { command: 'request', data: inApp() } })).errors).toEqual([]);
    await expect(call('validate', { actor: 'a', correlationId: 'c', params: { command: 'drop', data: {} } })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('lets the recipient acknowledge, and staff for them, but not a viewer who is someone else', async () => {
    const mine = (await call('request', command(inApp('viewer@step.example')))).id as string;
    const theirs = (await call('request', command(inApp('team:IASA')))).id as string;
    await expect(
      call('acknowledge', command({}, { id: theirs, actor: 'viewer@step.example', viewer: { roles: ['viewer'], teams: [] } })),
    ).rejects.toMatchObject({
      code: 'NOTIFICATION.NOT_RECIPIENT',
      kind: 'forbidden',
    });
    const acked = await call('acknowledge', command({}, { id: mine, actor: 'viewer@step.example', viewer: { roles: ['viewer'], teams: [] } }));
    expect(acked.resource).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'viewer@step.example', acknowledgedAt: clock.now().toISOString() });
    const forTeam = await call('acknowledge', command({}, { id: theirs, actor: 'officer@step.example', viewer: { roles: ['staff'], teams: [] } }));
    expect(forTeam.resource).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'officer@step.example' });
    await expect(call('acknowledge', command({}, { id: mine }))).rejects.toMatchObject({ code: 'NOTIFICATION.ALREADY_ACKNOWLEDGED', kind: 'conflict' });
  });

  it('filters the list by recipient, status, channel and topic, newest first', async () => {
    const recipient = `officer-${newId()}@step.example`;
    const older = (await call('request', command(inApp(recipient)))).id;
    clock.advance(60_000);
    const newer = (await call('request', command({ ...inApp(recipient), topic: 'mou.expiring' }))).id;
    await call('acknowledge', command({}, { id: older }));
    const ids = async (params: Record<string, unknown>) => ((await query('list', params)).items as Doc[]).map((n) => n.id);
    expect(await ids({ recipient })).toEqual([newer, older]);
    expect(await ids({ recipient, status: 'sent' })).toEqual([newer]);
    expect(await ids({ recipient, topic: 'proposal.review' })).toEqual([older]);
    expect(await ids({ recipient, channel: 'email' })).toEqual([]);
    expect((await query('get', { id: newer })).version).toBe(2);
  });
});
