import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock, newId } from '@pmt/kernel';
import { connectNats, type CommandMessage, type MessagingLogger } from '@pmt/messaging';
import { answerOrganisations, serviceConfigFromEnv, ServiceRuntime, type Route } from '@pmt/service-kit';
import { startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import type { NatsConnection } from 'nats';
import type { ActivityCommand, ActivityEvent, ActivityState } from '../index';
import { eventsDefinition } from '../../events.definition';
import { activityRoutes } from './activity.routes';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The service's NATS routes, called in-process on a real SQLite store with a clock the test moves; partners, whom
 * the routes ask about every organisation named, is played by a responder on `partners.organisation.statuses`.
 */
describe('activity routes', () => {
  const dir = tempDir('pmt-events-');
  let nats: TestNatsServer;
  let nc: NatsConnection;
  /** What partners knows besides "active": id -> status, or null for nobody registered it. */
  const organisations = new Map<string, string | null>();
  const clock = new ManualClock('2025-03-10T03:00:00Z');
  let runtime: ServiceRuntime;
  let routes: Map<string, Route>;
  const chiangMai = newId();
  const lampang = newId();
  const mouId = newId();

  const call = async (subject: string, payload: unknown): Promise<Doc> => {
    const route = routes.get(`events.activity.${subject}`);
    if (!route) throw new Error(`no route ${subject}`);
    return (await route.handle(payload)) as Doc;
  };
  const command = (data: Record<string, unknown>, extra: Partial<CommandMessage> = {}): CommandMessage => ({
    commandId: newId(),
    actor: 'officer@step.example',
    correlationId: newId(),
    roles: ['staff'],
    data,
    ...extra,
  });
  const create = async (overrides: Record<string, unknown> = {}) =>
    (await call('create', command({ title: 'Lamphun longan training', kind: 'training', organisationIds: [chiangMai], leadTeam: 'NMCO', ...overrides })))
      .resource as Doc;
  const ids = async (params: Record<string, unknown>) => ((await call('list', { actor: 'a', correlationId: 'c', params })).items as Doc[]).map((a) => a.id);

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, 'events-spec', { logger: quiet });
    answerOrganisations(nc, organisations);
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('events', { DATA_DIR: dir.path, NATS_URL: nats.url }), eventsDefinition, clock);
    await runtime.start();
    routes = new Map(activityRoutes(runtime).map((r) => [r.subject, r]));
  });
  afterAll(async () => {
    await runtime?.stop();
    await nc?.drain();
    await nats?.stop();
    dir.remove();
  });

  it('parses each message with the contract: a malformed one is a 400 naming the field, and nothing is stored', async () => {
    const before = (await call('list', { actor: 'a', correlationId: 'c', params: {} })).items as Doc[];
    await expect(call('create', command({ title: 'Bad', kind: 'party', organisationIds: [chiangMai] }))).rejects.toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'kind' }],
    });
    await expect(create({ origin: { workflow: 'fake', sourceEventId: 'x' } })).rejects.toMatchObject({ kind: 'invalid', errors: [{ path: 'origin' }] });
    expect((await call('list', { actor: 'a', correlationId: 'c', params: {} })).items).toEqual(before);
  });

  it('names a bad shape, repeated and unknown or archived organisations and a slot without its end in one 400, nothing stored', async () => {
    const unknown = newId();
    const archived = newId();
    organisations.set(unknown, null);
    organisations.set(archived, 'archived');
    const data = { title: ' ', kind: 'training', organisationIds: [chiangMai, unknown, chiangMai, archived], startsAt: '2013-11-01T09:00:00Z' };
    await expect(call('create', command(data))).rejects.toMatchObject({
      kind: 'invalid',
      errors: [
        { path: 'title', message: 'must not be blank' },
        { path: 'organisationIds[2]', message: 'is already listed (organisationIds[0])' },
        { path: 'endsAt', message: 'is required with startsAt' },
        { path: 'organisationIds[1]', message: 'no organisation has this id' },
        { path: 'organisationIds[3]', message: 'this organisation is archived' },
      ],
    });
    const validated = await call('validate', { actor: 'a', correlationId: 'c', params: { command: 'create', data } });
    expect(validated.errors.map((e: { path: string }) => e.path)).toEqual([
      'title',
      'organisationIds[2]',
      'endsAt',
      'organisationIds[1]',
      'organisationIds[3]',
    ]);
    expect(await ids({ organisationId: archived })).toEqual([]);
  });

  it('checks a schedule’s ends and the organisations of a completion’s outcomes before the decider', async () => {
    const { id } = await create();
    await expect(call('schedule', command({ startsAt: '2013-11-01T02:00:00Z' }, { id }))).rejects.toMatchObject({
      errors: [{ path: 'endsAt', message: 'is required' }],
    });
    await expect(call('schedule', command({ startsAt: '2013-11-01T02:00:00Z', endsAt: '2013-11-01T02:00:00Z' }, { id }))).rejects.toMatchObject({
      errors: [{ path: 'endsAt', message: 'must be after startsAt' }],
    });
    const archived = newId();
    organisations.set(archived, 'archived');
    await expect(call('complete', command({ attendance: 3, outcomes: [{ title: 'y', organisationId: archived }] }, { id }))).rejects.toMatchObject({
      errors: [{ path: 'outcomes[0].organisationId', message: 'this organisation is archived' }],
    });
  });

  it('plans an activity and reads it back; a caller cannot claim a workflow origin', async () => {
    const created = await create();
    expect(created).toMatchObject({ status: 'planned', version: 1, origin: null, startsAt: null, followUpTasks: [] });
    expect(await call('get', { actor: 'a', correlationId: 'c', params: { id: created.id } })).toEqual(created);
  });

  it('lets a workflow plan with its own id and origin in-process, and refuses the same id twice', async () => {
    const endpoint = runtime.endpoint<ActivityCommand, ActivityEvent, ActivityState>('activity');
    const id = newId();
    const data = {
      id,
      title: 'MOU kickoff',
      kind: 'kickoff' as const,
      mouId,
      proposalId: null,
      organisationIds: [chiangMai, lampang],
      leadTeam: null,
      startsAt: null,
      endsAt: null,
      location: null,
      origin: { workflow: 'mou-kickoff', sourceEventId: 'evt-1' },
    };
    const message = command({}, { actor: 'system:workflows' });
    const first = await endpoint.execute(id, message, (now) => ({ type: 'PlanActivity', now, today: now.slice(0, 10), data }));
    expect(first.resource).toMatchObject({ id, origin: data.origin, status: 'planned' });
    // the same command id again: the first answer, nothing new
    const repeat = await endpoint.execute(id, message, (now) => ({ type: 'PlanActivity', now, today: now.slice(0, 10), data }));
    expect(repeat.version).toBe(1);
    await expect(endpoint.execute(id, command({}), (now) => ({ type: 'PlanActivity', now, today: now.slice(0, 10), data }))).rejects.toMatchObject({
      code: 'ACTIVITY.ALREADY_EXISTS',
      kind: 'conflict',
    });
  });

  it('gives each outcome and each task an id, and completes a task by it', async () => {
    const { id } = await create({ startsAt: '2025-03-10T02:00:00Z', endsAt: '2025-03-10T09:00:00Z' });
    const held = await call(
      'complete',
      command({ attendance: 40, outcomes: [{ title: 'ลำไยอบแห้ง' }, { title: 'packaging', organisationId: lampang }] }, { id }),
    );
    expect(held.resource.outcomes).toEqual([
      { id: expect.any(String), title: 'ลำไยอบแห้ง', organisationId: null, detail: null },
      { id: expect.any(String), title: 'packaging', organisationId: lampang, detail: null },
    ]);
    const withTask = await call('add-task', command({ title: 'send the report', owner: 'NMCO', dueOn: '2025-03-20' }, { id }));
    const taskId = withTask.resource.followUpTasks[0].id as string;
    const done = await call('complete-task', command({ taskId }, { id }));
    expect(done.resource.followUpTasks[0]).toMatchObject({ id: taskId, status: 'done', completedAt: clock.now().toISOString() });
  });

  it('refuses to record as held an activity that starts later, by the service clock', async () => {
    const { id } = await create({ startsAt: '2025-03-10T05:00:00Z', endsAt: '2025-03-10T09:00:00Z' });
    await expect(call('complete', command({ attendance: 10 }, { id }))).rejects.toMatchObject({ code: 'ACTIVITY.NOT_STARTED', kind: 'conflict' });
    clock.set('2025-03-10T05:00:00Z');
    expect((await call('complete', command({ attendance: 10 }, { id }))).resource).toMatchObject({ status: 'held', attendance: 10 });
    clock.set('2025-03-10T03:00:00Z');
  });

  it('enters the 2013 workshop after the fact: each command dated when it happened, held on the day', async () => {
    const dated = (
      await call(
        'create',
        command({ title: 'เวิร์กช็อปเชียงใหม่ 2556', kind: 'workshop', organisationIds: [chiangMai] }, { occurredAt: '2013-09-15T03:00:00.000Z' }),
      )
    ).resource as Doc;
    await call(
      'schedule',
      command({ startsAt: '2013-11-01T02:00:00Z', endsAt: '2013-11-01T09:00:00Z' }, { id: dated.id, occurredAt: '2013-10-01T03:00:00.000Z' }),
    );
    // an hour before the start, by the date the command carries: not held yet
    await expect(call('complete', command({ attendance: 130 }, { id: dated.id, occurredAt: '2013-11-01T01:00:00.000Z' }))).rejects.toMatchObject({
      code: 'ACTIVITY.NOT_STARTED',
    });
    const held = await call('complete', command({ attendance: 130 }, { id: dated.id, occurredAt: '2013-11-01T11:00:00.000Z' }));
    expect(held.resource).toMatchObject({ status: 'held', completedAt: '2013-11-01T11:00:00.000Z', createdAt: '2013-09-15T03:00:00.000Z' });
  });

  it('filters by status, MOU, organisation, lead team, kind, and a from/to range of dates or instants', async () => {
    const early = await create({
      kind: 'workshop',
      mouId,
      organisationIds: [lampang],
      leadTeam: 'IASA',
      startsAt: '2025-04-01T17:30:00Z',
      endsAt: '2025-04-01T20:00:00Z',
    });
    const late = await create({ startsAt: '2025-04-03T02:00:00Z', endsAt: '2025-04-03T04:00:00Z' });
    expect(await ids({ mouId })).toContain(early.id);
    expect(await ids({ mouId })).not.toContain(late.id);
    expect(await ids({ organisationId: lampang })).toContain(early.id);
    expect(await ids({ organisationId: lampang })).not.toContain(late.id);
    expect(await ids({ leadTeam: 'IASA' })).toEqual([early.id]);
    expect(await ids({ kind: 'workshop', status: 'scheduled' })).toEqual([early.id]);
    // 17:30 UTC on 1 April is 00:30 on 2 April in Bangkok: a date range counts office days
    expect(await ids({ from: '2025-04-02', to: '2025-04-02' })).toEqual([early.id]);
    expect(await ids({ from: '2025-04-02', to: '2025-04-03' })).toEqual([late.id, early.id]);
    expect(await ids({ from: '2025-04-03T02:00:00Z' })).toEqual([late.id]);
    expect(await ids({ to: '2025-04-01T17:30:00Z' })).toContain(early.id);
    expect(await ids({ to: '2025-04-01T17:29:59Z' })).not.toContain(early.id);
    expect(await ids({ from: '2025-04-04' })).toEqual([]);
  });

  describe('confidential activities', () => {
    const iasaStaff = { roles: ['staff'], teams: ['IASA'] };
    const nmcoStaff = { roles: ['staff'], teams: ['NMCO'] };
    const asViewer = (viewer: { roles: string[]; teams: string[] }) => ({ viewer });
    const get = (id: string, viewer?: { roles: string[]; teams: string[] }) =>
      call('get', { actor: 'a', correlationId: 'c', ...(viewer && { viewer }), params: { id } });
    const listed = async (viewer: { roles: string[]; teams: string[] }) =>
      ((await call('list', { actor: 'a', correlationId: 'c', viewer, params: { leadTeam: 'IASA' } })).items as Doc[]).map((a) => a.id);

    it('is planned only for a team of one’s own, and only with a lead team', async () => {
      const plan = { title: 't', kind: 'review', organisationIds: [chiangMai], leadTeam: 'IASA', confidential: true };
      await expect(call('create', command(plan, asViewer(nmcoStaff)))).rejects.toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'leadTeam', message: 'must be one of your teams to keep it confidential' }],
      });
      const mine = await call(
        'create',
        command({ title: 't', kind: 'review', organisationIds: [chiangMai], leadTeam: 'IASA', confidential: true }, asViewer(iasaStaff)),
      );
      expect(mine.resource).toMatchObject({ confidential: true, leadTeam: 'IASA' });
      await expect(
        call('create', command({ title: 't', kind: 'review', organisationIds: [chiangMai], confidential: true }, asViewer({ roles: ['admin'], teams: [] }))),
      ).rejects.toMatchObject({ kind: 'invalid', errors: [{ path: 'leadTeam', message: 'a confidential activity needs a lead team' }] });
    });

    it('is absent to other teams (get, list, history, commands) until opened again', async () => {
      const created = await call('create', command({ title: 'ลับ', kind: 'review', organisationIds: [chiangMai], leadTeam: 'IASA' }, asViewer(iasaStaff)));
      const id = created.id as string;
      const made = await call('set-confidentiality', command({ confidential: true }, { id, ...asViewer(iasaStaff) }));
      expect(made.resource).toMatchObject({ confidential: true, version: 2 });

      const unknown = newId();
      const absent = await get(unknown, nmcoStaff).catch((e) => e);
      for (const viewer of [nmcoStaff, { roles: ['viewer'], teams: [] }]) {
        const hidden = await get(id, viewer).catch((e) => e);
        expect([hidden.kind, hidden.code]).toEqual([absent.kind, absent.code]);
        expect(await listed(viewer)).not.toContain(id);
        await expect(call('history', { actor: 'a', correlationId: 'c', viewer, params: { id } })).rejects.toMatchObject({ kind: 'not-found' });
        await expect(call('cancel', command({ reason: 'x' }, { id, viewer }))).rejects.toMatchObject({ kind: 'not-found', code: 'ACTIVITY.NOT_FOUND' });
      }
      for (const viewer of [iasaStaff, { roles: ['admin'], teams: [] }, { roles: ['auditor'], teams: [] }]) {
        expect((await get(id, viewer)).id).toBe(id);
        expect(await listed(viewer)).toContain(id);
      }
      // staff of another team may not even make an open activity of IASA's confidential
      await expect(call('set-confidentiality', command({ confidential: true }, { id: created.id, ...asViewer(nmcoStaff) }))).rejects.toMatchObject({
        kind: 'not-found',
      });
      const opened = await call('set-confidentiality', command({ confidential: false }, { id, viewer: { roles: ['admin'], teams: [] } }));
      expect(opened.resource).toMatchObject({ confidential: false, version: 3 });
      expect((await get(id, nmcoStaff)).id).toBe(id);
      await expect(call('set-confidentiality', command({ confidential: true }, { id, ...asViewer(nmcoStaff) }))).rejects.toMatchObject({
        kind: 'forbidden',
        code: 'ACTIVITY.NOT_LEAD_TEAM',
      });
    });
  });
});
