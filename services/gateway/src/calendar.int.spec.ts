import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import type { QueryMessage } from '@pmt/messaging';
import ICAL from 'ical.js';
import { ok } from './infra/testing/fake-services';
import { startHarness, type Harness } from './infra/testing/harness';
import { withoutToken } from './logging';

/** A list handler that answers `items` in pages of `size`, with a cursor like a service's. */
const paged = (items: Record<string, unknown>[], size: number) => (m: Record<string, unknown>) => {
  const params = (m as unknown as QueryMessage<{ cursor?: string }>).params;
  const from = params.cursor ? Number(params.cursor) : 0;
  const next = from + size < items.length ? String(from + size) : null;
  return ok({ items: items.slice(from, from + size), nextCursor: next });
};

const events = (text: string) =>
  new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, summary: e.summary, start: e.startDate.toString(), end: e.endDate?.toString(), location: e.location, sequence: e.sequence };
  });

describe('gateway /calendar.ics', () => {
  let h: Harness;
  const orgId = newId();
  const workshop = {
    id: newId(),
    version: 4,
    status: 'held',
    title: 'เวิร์กช็อปความต้องการเทคโนโลยีภาคเหนือ เชียงใหม่ ๒๕๕๖ ผู้เข้าร่วม ๑๓๐ คนจากแปดจังหวัดภาคเหนือตอนบน',
    kind: 'workshop',
    leadTeam: 'NMCO',
    startsAt: '2013-11-01T02:00:00.000Z',
    endsAt: '2013-11-01T09:00:00.000Z',
    location: 'อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่, เชียงใหม่',
    attendance: 130,
    updatedAt: '2013-11-01T11:00:00.000Z',
  };
  const proposal = { id: newId(), version: 2, status: 'draft', title: 'ระบบความปลอดภัยอาหาร', leadTeam: 'IASA', submissionDeadline: '2025-03-31', updatedAt: '2025-01-07T03:00:00.000Z' };
  const withdrawn = { ...proposal, id: newId(), status: 'withdrawn' };
  const mou = {
    id: newId(),
    version: 5,
    status: 'active',
    title: 'บันทึกความเข้าใจ NIA–UNDP',
    leadTeam: 'IASA',
    endsOn: '2027-12-31',
    kpis: [
      { id: 'kpi-1', name: 'เทคโนโลยีที่ถ่ายทอด', target: 10, unit: 'technologies', owner: 'IMO', dueOn: '2026-06-30' },
      { id: 'kpi-2', name: 'no date', target: 1, unit: null, owner: null, dueOn: null },
    ],
    updatedAt: '2025-02-01T03:00:00.000Z',
  };
  const expired = { ...mou, id: newId(), status: 'expired' };

  beforeAll(async () => {
    h = await startHarness();
    await h.fake.handle('events.activity.list', (m) => {
      const status = (m as unknown as QueryMessage<{ status: string }>).params.status;
      return ok({ items: status === 'held' ? [workshop] : [], nextCursor: null });
    });
    // two proposals a page: the feed must read every page
    const many = [withdrawn, ...Array.from({ length: 4 }, (_, i) => ({ ...proposal, id: `${proposal.id.slice(0, -1)}${i}` })), proposal];
    await h.fake.handle('proposals.proposal.list', paged(many, 2));
    await h.fake.handle('mous.mou.list', paged([mou, expired], 500));
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const feed = (query = '', roles = ['viewer']) => h.request('GET', `/api/v1/calendar.ics${query}`, { token: h.token(roles) });

  it('lets a calendar app subscribe by URL with ?access_token=, and no other route takes a token that way', async () => {
    const token = h.token(['viewer']);
    const subscribed = await h.request('GET', `/api/v1/calendar.ics?team=NMCO&access_token=${token}`);
    expect(subscribed.status).toBe(200);
    expect(subscribed.text).toContain('BEGIN:VCALENDAR');
    expect((await h.request('GET', '/api/v1/calendar.ics?access_token=not-a-token')).status).toBe(401);
    expect((await h.request('GET', '/api/v1/calendar.ics')).status).toBe(401);
    expect((await h.request('GET', `/api/v1/organisations?access_token=${token}`)).status).toBe(401);
    expect(withoutToken(`/api/v1/calendar.ics?team=NMCO&access_token=${token}`)).toBe('/api/v1/calendar.ics?team=NMCO&access_token=[redacted]');
  });

  it('answers text/calendar in UTF-8 that a calendar library reads back, Thai intact, with stable UIDs', async () => {
    const r = await feed();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const all = events(r.text);
    const byUid = new Map(all.map((e) => [e.uid, e]));
    expect(byUid.get(`activity-${workshop.id}@partnership-tracker`)).toEqual({
      uid: `activity-${workshop.id}@partnership-tracker`,
      summary: workshop.title,
      start: '2013-11-01T02:00:00Z',
      end: '2013-11-01T09:00:00Z',
      location: workshop.location,
      sequence: 4,
    });
    expect(byUid.get(`proposal-deadline-${proposal.id}@partnership-tracker`)).toMatchObject({ summary: 'Proposal deadline: ระบบความปลอดภัยอาหาร', start: '2025-03-31', end: '2025-04-01' });
    expect(byUid.get(`mou-expiry-${mou.id}@partnership-tracker`)).toMatchObject({ summary: 'MOU ends: บันทึกความเข้าใจ NIA–UNDP', start: '2027-12-31' });
    expect(byUid.get(`kpi-${mou.id}-kpi-1@partnership-tracker`)).toMatchObject({ summary: 'KPI due: เทคโนโลยีที่ถ่ายทอด (บันทึกความเข้าใจ NIA–UNDP)', start: '2026-06-30' });
    // every page of proposals, none withdrawn; no expired MOU; no KPI without a date
    expect(all.filter((e) => e.uid.startsWith('proposal-deadline-'))).toHaveLength(5);
    expect(all.some((e) => e.uid.includes(withdrawn.id) || e.uid.includes(expired.id))).toBe(false);
    expect(all).toHaveLength(1 + 5 + 1 + 1);
    expect(h.fake.all('proposals.proposal.list').map((x) => (x.message as unknown as QueryMessage).params)).toEqual([
      { limit: 500 },
      { limit: 500, cursor: '2' },
      { limit: 500, cursor: '4' },
    ]);
    // the same data gives the same bytes, so a calendar app sees no change where there is none
    expect((await feed()).text).toBe(r.text);
  });

  it('passes team as leadTeam and organisationId as involvement to each list', async () => {
    const r = await feed(`?team=NMCO&organisationId=${orgId}`);
    expect(r.status).toBe(200);
    const params = (subject: string) => h.fake.all(subject).map((x) => (x.message as unknown as QueryMessage).params);
    expect(params('events.activity.list')).toEqual(
      expect.arrayContaining([
        { leadTeam: 'NMCO', organisationId: orgId, status: 'scheduled', limit: 500 },
        { leadTeam: 'NMCO', organisationId: orgId, status: 'held', limit: 500 },
      ]),
    );
    expect(params('proposals.proposal.list').filter((p) => !p.cursor)).toEqual(
      expect.arrayContaining([
        { leadTeam: 'NMCO', funderId: orgId, limit: 500 },
        { leadTeam: 'NMCO', partnerId: orgId, limit: 500 },
      ]),
    );
    expect(params('mous.mou.list')).toEqual([{ leadTeam: 'NMCO', organisationId: orgId, limit: 500 }]);
    // a proposal the organisation both funds and partners (two lists) is on the calendar once
    const deadlines = events(r.text).filter((e) => e.uid.startsWith('proposal-deadline-'));
    expect(new Set(deadlines.map((e) => e.uid)).size).toBe(deadlines.length);
  });

  it('names a bad parameter in a 400: an organisationId that is no UUID, a team given twice, an unknown one', async () => {
    const r = await feed('?organisationId=chiang-mai&team=a&team=b&colour=blue');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'organisationId', 'team']);
  });

  it('needs a token', async () => {
    expect((await h.request('GET', '/api/v1/calendar.ics')).status).toBe(401);
  });
});
