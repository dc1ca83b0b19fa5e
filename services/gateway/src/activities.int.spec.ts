import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import type { CommandMessage, QueryMessage } from '@pmt/messaging';
import { fail, ok } from './infra/testing/fake-services';
import { commandEcho, startHarness, type Harness } from './infra/testing/harness';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

const COMMANDS: [string, 'create' | 'update'][] = [
  ['events.activity.create', 'create'],
  ['events.activity.schedule', 'update'],
  ['events.activity.complete', 'update'],
  ['events.activity.cancel', 'update'],
  ['events.activity.add-task', 'update'],
  ['events.activity.complete-task', 'update'],
];

describe('gateway /activities (validation, organisation checks, forwarding, error mapping)', () => {
  let h: Harness;
  let staff: string;
  const chiangMai = newId();
  const lampang = newId();
  const archived = newId();

  const goodActivity = () => ({
    title: 'เวิร์กช็อปความต้องการเทคโนโลยีภาคเหนือ',
    kind: 'workshop',
    organisationIds: [chiangMai, lampang],
    startsAt: '2013-11-01T09:00:00+07:00',
    endsAt: '2013-11-01T16:00:00+07:00',
    location: 'อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่',
    leadTeam: 'NMCO',
  });

  beforeAll(async () => {
    h = await startHarness();
    staff = h.token(['staff']);
    for (const id of [chiangMai, lampang]) h.organisations.set(id, { id, status: 'active', version: 1 });
    h.organisations.set(archived, { id: archived, status: 'archived', version: 2 });
    for (const [subject, kind] of COMMANDS) await h.fake.handle(subject, commandEcho(kind));
    await h.fake.handle('events.activity.list', () => ok({ items: [], nextCursor: null }));
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

  describe('create', () => {
    it('plans a good activity: 201, Location, ETag, the body forwarded byte for byte', async () => {
      const r = await h.request('POST', '/api/v1/activities', { token: staff, body: { ...goodActivity(), reason: 'story 4' } });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`/api/v1/activities/${r.body.id}`);
      expect(r.headers.get('etag')).toBe('"1"');
      expect(command('events.activity.create')).toMatchObject({ data: goodActivity(), reason: 'story 4' });
      expect(Buffer.from(h.fake.last('events.activity.create')!.raw).toString('utf8')).toContain('อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่');
    });

    it('plans without a time: only title, kind and organisations are needed', async () => {
      const r = await h.request('POST', '/api/v1/activities', { token: staff, body: { title: 'Kickoff', kind: 'kickoff', organisationIds: [chiangMai] } });
      expect(r.status).toBe(201);
    });

    it('names every bad field in one 400, the events service’s rule and organisation errors joined, and forwards no command', async () => {
      // organisations each once and registered, and the slot's ends, are the events service's checks (its route spec
      // shows them); it answers them on events.activity.validate, played here
      await h.fake.handle('events.activity.validate', () =>
        ok({
          errors: [
            { path: 'organisationIds[1]', message: 'no organisation has this id' },
            { path: 'organisationIds[2]', message: 'is already listed (organisationIds[0])' },
            { path: 'organisationIds[3]', message: 'this organisation is archived' },
            { path: 'endsAt', message: 'is required with startsAt' },
          ],
        }),
      );
      const unknown = newId();
      const body = {
        ...goodActivity(),
        title: ' ',
        kind: 'party',
        mouId: 'mou-1',
        organisationIds: [chiangMai, unknown, chiangMai, archived, 'x'],
        startsAt: '2013-11-01T09:00:00',
        endsAt: undefined,
        location: '',
        colour: 'blue',
      };
      const r = await h.request('POST', '/api/v1/activities', { token: staff, body });
      await h.fake.drop('events.activity.validate');
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(
        [
          'title',
          'kind',
          'mouId',
          'organisationIds[1]',
          'organisationIds[2]',
          'organisationIds[3]',
          'organisationIds[4]',
          'startsAt',
          'endsAt',
          'location',
          'colour',
        ].sort(),
      );
      const messages = Object.fromEntries(r.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
      expect(messages['organisationIds[1]']).toBe('no organisation has this id');
      expect(messages['organisationIds[2]']).toBe('is already listed (organisationIds[0])');
      expect(messages['organisationIds[3]']).toBe('this organisation is archived');
      expect((h.fake.last('events.activity.validate')?.message as { params: { command: string } }).params.command).toBe('create');
      expect(h.fake.all('events.activity.create')).toHaveLength(0);
    });

    it('shows the service’s 400 for a well-formed body it refuses (the end before the start) as it answers it', async () => {
      const errors = [{ path: 'endsAt', message: 'must be after startsAt' }];
      await h.fake.handle('events.activity.create', () =>
        fail({ code: 'REQUEST.INVALID', kind: 'invalid', message: 'The request body has invalid fields', errors }),
      );
      const r = await h.request('POST', '/api/v1/activities', { token: staff, body: { ...goodActivity(), endsAt: '2013-11-01T01:00:00Z' } });
      await h.fake.handle('events.activity.create', commandEcho('create'));
      expectProblem(r, 400);
      expect(r.body.errors).toEqual(errors);
      const none = await h.request('POST', '/api/v1/activities', { token: staff, body: { ...goodActivity(), organisationIds: [] } });
      expect(paths(none.body)).toEqual(['organisationIds']);
    });

    it('is not for viewers or auditors', async () => {
      for (const roles of [['viewer'], ['auditor']])
        expectProblem(await h.request('POST', '/api/v1/activities', { token: h.token(roles), body: goodActivity() }), 403);
    });
  });

  describe('commands', () => {
    it('sends each route to its subject with the id', async () => {
      const id = newId();
      const taskId = newId();
      const routes: [string, unknown, string, unknown][] = [
        ['schedule', { startsAt: '2013-11-01T02:00:00Z', endsAt: '2013-11-01T09:00:00Z' }, 'events.activity.schedule', undefined],
        ['completion', { attendance: 130, outcomes: [{ title: 'ความปลอดภัยอาหาร', organisationId: chiangMai }] }, 'events.activity.complete', undefined],
        ['cancellation', { reason: 'น้ำท่วม' }, 'events.activity.cancel', undefined],
        ['tasks', { title: 'ส่งสรุป', owner: 'NMCO', dueOn: '2013-11-15' }, 'events.activity.add-task', undefined],
        [`tasks/${taskId}/completion`, {}, 'events.activity.complete-task', { taskId }],
      ];
      for (const [path, body, subject, data] of routes) {
        const r = await h.request('POST', `/api/v1/activities/${id}/${path}`, { token: staff, body });
        expect(r.status).toBe(200);
        expect(command(subject)).toMatchObject({ id, data: data ?? body });
      }
      expect(command('events.activity.cancel')).toMatchObject({ reason: 'น้ำท่วม', data: { reason: 'น้ำท่วม' } });
    });

    it('takes a completion without outcomes as none', async () => {
      const r = await h.request('POST', `/api/v1/activities/${newId()}/completion`, { token: staff, body: { attendance: 0 } });
      expect(r.status).toBe(200);
      expect(command('events.activity.complete').data).toEqual({ attendance: 0, outcomes: [] });
    });

    it('refuses bad completions naming each field, the service’s word on outcome organisations joined', async () => {
      await h.fake.handle('events.activity.validate', () => ok({ errors: [{ path: 'outcomes[2].organisationId', message: 'this organisation is archived' }] }));
      const body = { attendance: 12.5, outcomes: [{ title: '' }, { title: 'x', organisationId: 'x' }, { title: 'y', organisationId: archived, extra: 1 }] };
      const r = await h.request('POST', `/api/v1/activities/${newId()}/completion`, { token: staff, body });
      await h.fake.drop('events.activity.validate');
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(
        ['attendance', 'outcomes[0].title', 'outcomes[1].organisationId', 'outcomes[2].extra', 'outcomes[2].organisationId'].sort(),
      );
      const negative = await h.request('POST', `/api/v1/activities/${newId()}/completion`, { token: staff, body: { attendance: -1 } });
      expect(paths(negative.body)).toEqual(['attendance']);
      expect(h.fake.all('events.activity.complete')).toHaveLength(0);
    });

    it('refuses a schedule with a bad instant, a cancellation without a reason, a task without a date', async () => {
      // a missing end, or one before the start, is the events service's rule (its route spec)
      const id = newId();
      let r = await h.request('POST', `/api/v1/activities/${id}/schedule`, { token: staff, body: { startsAt: 'soon', endsAt: '2013-11-01T02:00:00Z' } });
      expect(paths(r.body)).toEqual(['startsAt']);
      r = await h.request('POST', `/api/v1/activities/${id}/cancellation`, { token: staff, body: {} });
      expect(paths(r.body)).toEqual(['reason']);
      r = await h.request('POST', `/api/v1/activities/${id}/tasks`, { token: staff, body: { title: 't', owner: 'o', dueOn: '2013-11-31' } });
      expect(paths(r.body)).toEqual(['dueOn']);
      r = await h.request('POST', `/api/v1/activities/${id}/tasks/not-a-task/completion`, { token: staff, body: {} });
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(['taskId']);
    });

    it('answers a completion before the start as 409 naming startsAt', async () => {
      const message = 'Activity is "scheduled": it starts at 2030-01-01T02:00:00.000Z, still ahead; record it as held once it has started';
      await h.fake.handle('events.activity.complete', () =>
        fail({ code: 'ACTIVITY.NOT_STARTED', kind: 'conflict', message, details: { status: 'scheduled', startsAt: '2030-01-01T02:00:00.000Z' } }),
      );
      try {
        const r = await h.request('POST', `/api/v1/activities/${newId()}/completion`, { token: staff, body: { attendance: 10 } });
        expectProblem(r, 409);
        expect(r.body).toMatchObject({ code: 'ACTIVITY.NOT_STARTED', detail: message, details: { startsAt: '2030-01-01T02:00:00.000Z' } });
      } finally {
        await h.fake.handle('events.activity.complete', commandEcho('update'));
      }
    });

    it('answers a cancellation of a held activity as 409 naming the state', async () => {
      await h.fake.handle('events.activity.cancel', () =>
        fail({ code: 'ACTIVITY.NOT_CANCELLABLE', kind: 'conflict', message: 'Activity is "held": it has already been held' }),
      );
      try {
        const r = await h.request('POST', `/api/v1/activities/${newId()}/cancellation`, { token: staff, body: { reason: 'x' } });
        expectProblem(r, 409);
        expect(r.body.detail).toContain('"held"');
      } finally {
        await h.fake.handle('events.activity.cancel', commandEcho('update'));
      }
    });
  });

  describe('list', () => {
    const list = (query: string) => h.request('GET', `/api/v1/activities?${query}`, { token: h.token(['viewer']) });

    it('forwards every filter, dates and instants alike', async () => {
      const mouId = newId();
      const r = await list(
        `status=held&mouId=${mouId}&organisationId=${chiangMai}&from=2013-11-01&to=2013-11-30T16:59:59Z&leadTeam=NMCO&kind=workshop&limit=10`,
      );
      expect(r.status).toBe(200);
      const params = (h.fake.last('events.activity.list')?.message as unknown as QueryMessage).params;
      expect(params).toEqual({
        status: 'held',
        mouId,
        organisationId: chiangMai,
        from: '2013-11-01',
        to: '2013-11-30T16:59:59Z',
        leadTeam: 'NMCO',
        kind: 'workshop',
        limit: 10,
      });
    });

    it('names bad filters: a status or kind unknown, a date that is neither, to before from, an unknown parameter', async () => {
      const r = await list('status=done&kind=party&from=yesterday&organisationId=x&colour=blue');
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(['colour', 'from', 'kind', 'organisationId', 'status']);
      const backwards = await list('from=2013-11-02&to=2013-11-01');
      expect(backwards.body.errors).toEqual([{ path: 'to', message: 'must not be before from' }]);
      expect(paths((await list('from=2013-11-02&to=2013-11-01T16:00:00Z&status=done')).body)).toEqual(['status', 'to']);
      expect((await list('from=2013-11-01&to=2013-11-01')).status).toBe(200);
      // 23:00 UTC on 1 November is already 2 November in Bangkok
      expect((await list('from=2013-11-02&to=2013-11-01T23:00:00Z')).status).toBe(200);
    });
  });
});
