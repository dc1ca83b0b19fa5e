import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addDays, newId, officeDate, type StoredEvent } from '@pmt/kernel';
import ICAL from 'ical.js';
import { connect, type NatsConnection } from 'nats';
import { startProduct, type Product } from '../support/product';

/** Story 4: the eight northern provinces at the Chiang Mai workshop, and what each of them asked for. */
const PROVINCES: { name: string; need: string; detail: string }[] = [
  { name: 'Chiang Mai Food Valley', need: 'ความปลอดภัยอาหาร', detail: 'Chiang Mai Food Valley: food safety' },
  { name: 'จังหวัดลำปาง', need: 'เซรามิกและพลังงาน', detail: 'ceramics and energy' },
  { name: 'จังหวัดเชียงราย', need: 'เมล็ดพันธุ์ข้าว', detail: 'rice seed' },
  { name: 'จังหวัดลำพูน', need: 'ลำไย', detail: 'longan' },
  { name: 'จังหวัดแม่ฮ่องสอน', need: 'การแปรรูปผลผลิตทางการเกษตร', detail: 'farm-product processing' },
  { name: 'จังหวัดพะเยา', need: 'การแปรรูปผลผลิตทางการเกษตร', detail: 'farm-product processing' },
  { name: 'จังหวัดน่าน', need: 'เครื่องเงิน', detail: 'silverware' },
  { name: 'จังหวัดแพร่', need: 'การแปรรูปเศษไม้', detail: 'wood-waste processing' },
];

const WORKSHOP_TITLE = 'เวิร์กช็อปความต้องการเทคโนโลยีภาคเหนือ เชียงใหม่';
const LOCATION = 'อุทยานวิทยาศาสตร์และเทคโนโลยี มหาวิทยาลัยเชียงใหม่';

interface ParsedEvent {
  uid: string;
  summary: string;
  start: string;
  end: string | undefined;
  location: string | null;
}

/**
 * The activities of the running product: the 2013 Chiang Mai workshop planned, scheduled, recorded as held with
 * 130 people and eight stated needs, its follow-up, the proposals that came out of it, a cancelled training, the
 * filters, the auditor's reads, and the office calendar feed read back by a calendar library.
 */
describe('activities and the calendar feed, through the running product', () => {
  let product: Product;
  let nc: NatsConnection;
  let provinces: string[];
  let nia: string;
  let mouId: string;
  let kpiId: string;
  let workshopId: string;
  let trainingId: string;
  let proposalId: string;
  let beforeCompletion: string;
  const today = officeDate(new Date());
  const inAMonth = addDays(today, 30);

  const organisation = async (name: string, kind = 'government') => {
    const r = await product.api('POST', '/api/v1/organisations', { body: { name, kind, country: 'TH', sectors: [], contacts: [] } });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const post = (id: string, command: string, body: unknown) => product.api('POST', `/api/v1/activities/${id}/${command}`, { body });
  const ids = async (query: string) => {
    const r = await product.api('GET', `/api/v1/activities?${query}`, { roles: ['viewer'] });
    expect(r.status).toBe(200);
    return r.body.items.map((a: { id: string }) => a.id);
  };
  const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

  beforeAll(async () => {
    product = await startProduct();
    nc = await connect(product.nats.options);
    provinces = [];
    for (const p of PROVINCES) provinces.push(await organisation(p.name));
    nia = await organisation('สำนักงานนวัตกรรมแห่งชาติ (NIA)');
    const mou = await product.api('POST', '/api/v1/mous', {
      body: {
        title: 'บันทึกความเข้าใจ การพัฒนาจังหวัดด้วยวิทยาศาสตร์และเทคโนโลยี',
        parties: [
          { organisationId: nia, signatoryName: 'ผู้อำนวยการ', signatoryTitle: 'ผู้อำนวยการ' },
          { organisationId: provinces[0], signatoryName: 'ผู้ว่าราชการจังหวัด', signatoryTitle: 'ผู้ว่าราชการจังหวัด' },
        ],
        cooperationAreas: ['provincial development'],
        collaborationLevel: 'operational',
        effectiveFrom: today,
        termMonths: 12,
        kpis: [{ id: 'tech-transfer', name: 'การถ่ายทอดเทคโนโลยี', target: 8, unit: 'provinces', owner: 'NMCO', dueOn: addDays(today, 90) }],
        leadTeam: 'NMCO',
      },
    });
    expect(mou.status).toBe(201);
    mouId = mou.body.id;
    kpiId = mou.body.kpis[0].id;
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await product?.stop();
  });

  it('refuses a bad plan naming every field, unknown and repeated organisations included', async () => {
    const r = await product.api('POST', '/api/v1/activities', {
      body: { title: ' ', kind: 'party', organisationIds: [provinces[0], newId(), provinces[0]], startsAt: '2013-11-01T09:00:00+07:00' },
    });
    expect(r.status).toBe(400);
    expect(paths(r.body)).toEqual(['endsAt', 'kind', 'organisationIds[1]', 'organisationIds[2]', 'title']);
    expect((await product.api('GET', '/api/v1/activities')).body.items).toEqual([]);
  });

  it('plans the workshop without a time, then schedules and reschedules it', async () => {
    const planned = await product.api('POST', '/api/v1/activities', {
      body: { title: WORKSHOP_TITLE, kind: 'workshop', mouId, organisationIds: provinces, leadTeam: 'NMCO', reason: 'the network’s demand survey' },
    });
    expect(planned.status).toBe(201);
    expect(planned.body).toMatchObject({ status: 'planned', version: 1, title: WORKSHOP_TITLE, startsAt: null, organisationIds: provinces, origin: null });
    workshopId = planned.body.id;

    const early = await post(workshopId, 'completion', { attendance: 130 });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('"planned"');

    const first = await post(workshopId, 'schedule', { startsAt: '2013-10-31T09:00:00+07:00', endsAt: '2013-10-31T16:00:00+07:00', location: 'เชียงใหม่' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'scheduled', startsAt: '2013-10-31T02:00:00.000Z', location: 'เชียงใหม่', version: 2 });

    const moved = await post(workshopId, 'schedule', { startsAt: '2013-11-01T09:00:00+07:00', endsAt: '2013-11-01T16:00:00+07:00', location: LOCATION });
    expect(moved.body).toMatchObject({
      status: 'scheduled',
      startsAt: '2013-11-01T02:00:00.000Z',
      endsAt: '2013-11-01T09:00:00.000Z',
      location: LOCATION,
      version: 3,
    });
    const backwards = await post(workshopId, 'schedule', { startsAt: '2013-11-01T09:00:00Z', endsAt: '2013-11-01T08:00:00Z' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ path: 'endsAt', message: 'must be after startsAt' }]);
    beforeCompletion = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
  });

  it('records it as held: 130 people from eight provinces, each province’s stated need an outcome', async () => {
    const outcomes = PROVINCES.map((p, i) => ({ title: p.need, organisationId: provinces[i], detail: p.detail }));
    const bad = await post(workshopId, 'completion', { attendance: 130.5, outcomes: [{ title: 'x', organisationId: newId() }] });
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['attendance', 'outcomes[0].organisationId']);

    const held = await post(workshopId, 'completion', { attendance: 130, outcomes });
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({ status: 'held', attendance: 130, version: 4 });
    expect(held.body.outcomes.map((o: { title: string; organisationId: string; detail: string }) => [o.title, o.organisationId, o.detail])).toEqual(
      outcomes.map((o) => [o.title, o.organisationId, o.detail]),
    );
    expect(new Set(held.body.outcomes.map((o: { id: string }) => o.id)).size).toBe(8);

    const again = await post(workshopId, 'completion', { attendance: 131 });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('Activity is "held": it has already been recorded as held');
    const cancel = await post(workshopId, 'cancellation', { reason: 'too late' });
    expect(cancel.status).toBe(409);
    expect(cancel.body.detail).toContain('"held"');
  });

  it('publishes ActivityCompleted with the organisations and the MOU, for the partnership view', async () => {
    const jsm = await nc.jetstreamManager();
    let message: StoredEvent | undefined;
    for (let i = 0; i < 100 && !message; i++) {
      message = await jsm.streams.getMessage('EVENTS_EVENTS', { last_by_subj: 'events.events.activity.ActivityCompleted' }).then(
        (m) => m.json<StoredEvent>(),
        () => undefined,
      );
      if (!message) await new Promise((r) => setTimeout(r, 100));
    }
    expect(message).toMatchObject({ type: 'ActivityCompleted', streamId: `activity-${workshopId}` });
    expect(message?.data).toMatchObject({ attendance: 130, organisationIds: provinces, mouId, proposalId: null, at: expect.any(String) });
  });

  it('keeps a follow-up task and marks it done once', async () => {
    const added = await post(workshopId, 'tasks', { title: 'ส่งสรุปความต้องการแปดจังหวัดให้ IASA', owner: 'NMCO', dueOn: '2013-11-15' });
    expect(added.status).toBe(200);
    const task = added.body.followUpTasks[0];
    expect(task).toMatchObject({ title: 'ส่งสรุปความต้องการแปดจังหวัดให้ IASA', owner: 'NMCO', dueOn: '2013-11-15', status: 'open', completedAt: null });

    const done = await post(workshopId, `tasks/${task.id}/completion`, {});
    expect(done.status).toBe(200);
    expect(done.body.followUpTasks[0]).toMatchObject({ id: task.id, status: 'done', completedAt: expect.any(String) });
    const twice = await post(workshopId, `tasks/${task.id}/completion`, {});
    expect(twice.status).toBe(409);
    const unknown = await post(workshopId, `tasks/${newId()}/completion`, {});
    expect(unknown.status).toBe(404);
  });

  it('links a follow-up proposal back to the workshop', async () => {
    const r = await product.api('POST', '/api/v1/proposals', {
      body: {
        title: 'ระบบความปลอดภัยอาหาร Chiang Mai Food Valley',
        leadTeam: 'NMCO',
        funderId: nia,
        partnerIds: [provinces[0]],
        requestedAmount: { amount: 250_000_000, currency: 'THB' },
        submissionDeadline: inAMonth,
        programme: 'Regional science parks',
        activityId: workshopId,
      },
    });
    expect(r.status).toBe(201);
    proposalId = r.body.id;
    expect((await product.api('GET', `/api/v1/proposals/${proposalId}`)).body.activityId).toBe(workshopId);
  });

  it('refuses to record a training ahead of its start, and cancels it with a reason', async () => {
    const training = await product.api('POST', '/api/v1/activities', {
      body: {
        title: 'อบรมการแปรรูปลำไย',
        kind: 'training',
        proposalId,
        organisationIds: [provinces[3]],
        startsAt: `${inAMonth}T02:00:00Z`,
        endsAt: `${inAMonth}T09:00:00Z`,
        leadTeam: 'IASA',
      },
    });
    expect(training.body).toMatchObject({ status: 'scheduled', proposalId });
    trainingId = training.body.id;

    const early = await post(trainingId, 'completion', { attendance: 20 });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain(`it starts at ${inAMonth}T02:00:00.000Z, still ahead`);

    const cancelled = await post(trainingId, 'cancellation', { reason: 'น้ำท่วมลำพูน' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellation: { reason: 'น้ำท่วมลำพูน' } });
    expect((await post(trainingId, 'schedule', { startsAt: `${inAMonth}T02:00:00Z`, endsAt: `${inAMonth}T03:00:00Z` })).status).toBe(409);
    expect((await post(trainingId, 'tasks', { title: 't', owner: 'o', dueOn: inAMonth })).status).toBe(409);
  });

  it('filters by status, MOU, organisation, lead team, kind and a date range', async () => {
    expect(await ids('status=held')).toEqual([workshopId]);
    expect(await ids('status=cancelled')).toEqual([trainingId]);
    expect(await ids(`mouId=${mouId}`)).toEqual([workshopId]);
    expect(await ids(`organisationId=${provinces[3]}`)).toEqual([trainingId, workshopId]);
    expect(await ids(`organisationId=${provinces[7]}`)).toEqual([workshopId]);
    expect(await ids('leadTeam=IASA')).toEqual([trainingId]);
    expect(await ids('kind=workshop')).toEqual([workshopId]);
    expect(await ids('from=2013-11-01&to=2013-11-01')).toEqual([workshopId]);
    expect(await ids('from=2013-11-02&to=2013-12-31')).toEqual([]);
    expect(await ids(`from=${today}`)).toEqual([trainingId]);
    expect(await ids('to=2013-11-01T01:59:59Z')).toEqual([]);
    const bad = await product.api('GET', '/api/v1/activities?from=2013-11-02&to=2013-11-01&status=done');
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['status', 'to']);
  });

  it('gives the auditor its history, past states, a valid chain and exports', async () => {
    const history = await product.api('GET', `/api/v1/activities/${workshopId}/history`, { roles: ['auditor'] });
    const types = history.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(['ActivityPlanned', 'ActivityScheduled', 'ActivityScheduled', 'ActivityCompleted', 'FollowUpTaskAdded', 'FollowUpTaskCompleted']);
    expect(history.body.items[0]).toMatchObject({ version: 1, actor: 'officer@step.example', reason: 'the network’s demand survey' });

    const atTwo = await product.api('GET', `/api/v1/activities/${workshopId}/history?version=2`, { roles: ['auditor'] });
    expect(atTwo.body.state).toMatchObject({ status: 'scheduled', location: 'เชียงใหม่', version: 2 });
    const before = await product.api('GET', `/api/v1/activities/${workshopId}/history?asOf=${encodeURIComponent(beforeCompletion)}`, { roles: ['auditor'] });
    expect(before.body.state).toMatchObject({ status: 'scheduled', attendance: null, version: 3 });

    const verify = await product.api('GET', `/api/v1/activities/${workshopId}/history/verify`, { roles: ['auditor'] });
    expect(verify.body).toMatchObject({ valid: true, events: 6, firstInvalidVersion: null });
    const csv = await product.api('GET', `/api/v1/activities/${workshopId}/history/export?format=csv`, { roles: ['auditor'] });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text).toContain('เครื่องเงิน');
    const json = await product.api('GET', `/api/v1/activities/${workshopId}/history/export?format=json`, { roles: ['auditor'] });
    expect(json.body.events).toHaveLength(6);
    expect((await product.api('GET', `/api/v1/activities/${workshopId}/history`, { roles: ['viewer'] })).status).toBe(403);
  });

  it('serves the office calendar: the workshop, the proposal deadline, the MOU’s last day and its KPI date, Thai intact', async () => {
    // a calendar app subscribes by URL: the viewer makes a feed key once and the URL carries it (no bearer token)
    const made = await product.api('POST', '/api/v1/calendar/feed-tokens', { roles: ['viewer'], body: { label: 'phone' } });
    expect(made.status).toBe(201);
    const feed = (query = '') => product.api('GET', `${made.body.url}${query}`, { headers: { authorization: '' } });
    const r = await feed();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const parsed: ParsedEvent[] = new ICAL.Component(ICAL.parse(r.text)).getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return { uid: e.uid, summary: e.summary, start: e.startDate.toString(), end: e.endDate?.toString(), location: e.location };
    });
    const byUid = new Map(parsed.map((e) => [e.uid, e]));
    const mou = (await product.api('GET', `/api/v1/mous/${mouId}`)).body;

    expect(byUid.get(`activity-${workshopId}@partnership-tracker`)).toEqual({
      uid: `activity-${workshopId}@partnership-tracker`,
      summary: WORKSHOP_TITLE,
      start: '2013-11-01T02:00:00Z',
      end: '2013-11-01T09:00:00Z',
      location: LOCATION,
    });
    expect(byUid.get(`proposal-deadline-${proposalId}@partnership-tracker`)).toMatchObject({
      summary: 'Proposal deadline: ระบบความปลอดภัยอาหาร Chiang Mai Food Valley',
      start: inAMonth,
    });
    expect(byUid.get(`mou-expiry-${mouId}@partnership-tracker`)).toMatchObject({
      summary: 'MOU ends: บันทึกความเข้าใจ การพัฒนาจังหวัดด้วยวิทยาศาสตร์และเทคโนโลยี',
      start: mou.endsOn,
    });
    expect(byUid.get(`kpi-${mouId}-${kpiId}@partnership-tracker`)).toMatchObject({
      summary: 'KPI due: การถ่ายทอดเทคโนโลยี (บันทึกความเข้าใจ การพัฒนาจังหวัดด้วยวิทยาศาสตร์และเทคโนโลยี)',
      start: addDays(today, 90),
    });
    // a cancelled activity has no place on the calendar
    expect(byUid.has(`activity-${trainingId}@partnership-tracker`)).toBe(false);

    // by team: NMCO leads the workshop, the proposal and the MOU; IASA none of them
    const nmco = await feed('&team=NMCO');
    expect(nmco.text).toContain(`activity-${workshopId}@partnership-tracker`);
    const iasa = await feed('&team=IASA');
    expect(iasa.text).not.toContain('BEGIN:VEVENT');
    // by organisation: Nan took part in the workshop only; NIA funds the proposal and is a party to the MOU
    const nan = await feed(`&organisationId=${provinces[6]}`);
    expect(nan.text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const funder = await feed(`&organisationId=${nia}`);
    expect(funder.text).toContain(`proposal-deadline-${proposalId}`);
    expect(funder.text).toContain(`mou-expiry-${mouId}`);
    expect(funder.text).not.toContain(`activity-${workshopId}`);

    const bad = await feed('&organisationId=nan&colour=red');
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['colour', 'organisationId']);
  });
});
