import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '@pmt/kernel';
import { applyCalendarEvent, calendarStream, CALENDAR_COLLECTION, type CalendarDoc } from './calendar.projection';

const MOU = '0190a1b2-0000-7000-8000-000000000001';
const PROPOSAL = '0190a1b2-0000-7000-8000-000000000002';
const ACTIVITY = '0190a1b2-0000-7000-8000-000000000003';
const NIA = '0190a1b2-0000-7000-8000-0000000000aa';
const UNDP = '0190a1b2-0000-7000-8000-0000000000bb';

/** Stored events of one stream, numbered from 1, each at its own instant. */
const stream = (streamId: string, events: Array<[string, Record<string, unknown>]>): StoredEvent[] =>
  events.map(
    ([type, data], i) => ({ streamId, streamVersion: i + 1, type, data: { at: `2026-01-0${i + 1}T03:00:00.000Z`, ...data } }) as unknown as StoredEvent,
  );

/** Folds the events as the projection does and answers the calendar documents by id. */
async function fold(events: StoredEvent[]): Promise<Map<string, CalendarDoc>> {
  const docs = new Map<string, CalendarDoc>();
  const view = {
    get: async <T>(collection: string, id: string) => (collection === CALENDAR_COLLECTION ? ((docs.get(id) ?? null) as T | null) : null),
    put: (collection: string, doc: { id: string }) => void (collection === CALENDAR_COLLECTION && docs.set(doc.id, doc as CalendarDoc)),
  };
  for (const e of events) await applyCalendarEvent(e, view as never);
  return docs;
}
const uids = (doc: CalendarDoc | undefined) => (doc?.entries ?? []).map((e) => e.uid);

const drafted = {
  id: MOU,
  title: 'บันทึกความเข้าใจ NIA–UNDP',
  leadTeam: 'IASA',
  parties: [{ organisationId: NIA }, { organisationId: UNDP }],
  endsOn: '2027-12-31',
  kpis: [
    { id: 'k1', name: 'เทคโนโลยีที่ถ่ายทอด', target: 10, unit: 'technologies', owner: 'IMO', dueOn: '2026-06-30' },
    { id: 'k2', name: 'no date', target: 1, unit: null, owner: null, dueOn: null },
  ],
};
const mouStream = `eventsworkflows-mou-${MOU}`;
const proposalStream = `eventsworkflows-proposal-${PROPOSAL}`;
const proposalDrafted = { id: PROPOSAL, title: 'ระบบความปลอดภัยอาหาร', leadTeam: 'NMCO', funderId: NIA, partnerIds: [UNDP], submissionDeadline: '2026-12-31' };

describe('the calendar projection', () => {
  it('follows the activities and the mirrors of MOUs and proposals, and nothing else', () => {
    expect(calendarStream(`activity-${ACTIVITY}`)).toEqual(['activity', ACTIVITY]);
    expect(calendarStream(mouStream)).toEqual(['mou', MOU]);
    expect(calendarStream(proposalStream)).toEqual(['proposal', PROPOSAL]);
    for (const other of [`mou-${MOU}`, `inbox-mou-${MOU}`, `eventsworkflows-grant-${MOU}`, 'eventsworkflows-mou-']) expect(calendarStream(other)).toBeNull();
  });

  it('puts a running MOU’s last day and its dated KPIs on the calendar, with the version and instant of its last change', async () => {
    const docs = await fold(
      stream(mouStream, [
        ['MouDrafted', drafted],
        ['MouSignatureRequested', {}],
        ['MouSigned', { organisationId: NIA }],
      ]),
    );
    const doc = docs.get(`mou-${MOU}`)!;
    expect(uids(doc)).toEqual([`mou-expiry-${MOU}@partnership-tracker`, `kpi-${MOU}-k1@partnership-tracker`]);
    expect(doc.entries[0]).toMatchObject({
      summary: `MOU ends: ${drafted.title}`,
      start: '2027-12-31',
      end: '2028-01-01',
      allDay: true,
      sequence: 3,
      stamp: '2026-01-03T03:00:00.000Z',
    });
    expect(doc.entries[0].description).toBe(`Last day of the MOU’s term (awaiting-signatures)\nLead team: IASA\n/api/v1/mous/${MOU}`);
    expect(doc.entries[1].description).toBe(`KPI report date: target 10 technologies\nOwner: IMO\n/api/v1/mous/${MOU}`);
    expect([doc.leadTeam, doc.organisationIds]).toEqual(['IASA', [NIA, UNDP]]);
  });

  it('takes an expired or terminated MOU off the calendar, and puts a renewed one back with its new last day', async () => {
    const base: Array<[string, Record<string, unknown>]> = [
      ['MouDrafted', drafted],
      ['MouActivated', { activatedOn: '2026-01-02' }],
    ];
    expect(uids((await fold(stream(mouStream, [...base, ['MouExpired', { expiredOn: '2028-01-01' }]]))).get(`mou-${MOU}`))).toEqual([]);
    expect(uids((await fold(stream(mouStream, [...base, ['MouTerminated', { reason: 'x', effectiveOn: '2026-05-01' }]]))).get(`mou-${MOU}`))).toEqual([]);
    const renewed = (await fold(stream(mouStream, [...base, ['MouExpired', {}], ['MouRenewed', { endsOn: '2029-12-31' }]]))).get(`mou-${MOU}`)!;
    expect(renewed.entries[0]).toMatchObject({ start: '2029-12-31', sequence: 4 });
    expect(renewed.entries[0].description).toContain('(active)');
  });

  it('follows revised terms: title, lead team, KPIs and the term’s end', async () => {
    const revised = {
      changes: { title: 'ใหม่', leadTeam: null, kpis: [{ id: 'k3', name: 'n', target: 2, unit: null, owner: null, dueOn: '2026-09-30' }] },
      endsOn: '2028-06-30',
      returnedToDraft: false,
    };
    const doc = (
      await fold(
        stream(mouStream, [
          ['MouDrafted', drafted],
          ['MouTermsRevised', revised],
        ]),
      )
    ).get(`mou-${MOU}`)!;
    expect(doc.entries.map((e) => [e.uid, e.summary, e.start])).toEqual([
      [`mou-expiry-${MOU}@partnership-tracker`, 'MOU ends: ใหม่', '2028-06-30'],
      [`kpi-${MOU}-k3@partnership-tracker`, 'KPI due: n (ใหม่)', '2026-09-30'],
    ]);
    expect(doc.entries[0].description).toContain('No lead team');
    expect(doc.entries[1].description).toBe(`KPI report date: target 2\nNo owner\n/api/v1/mous/${MOU}`);
    expect(doc.leadTeam).toBeNull();
  });

  it('counts an event type the MOU’s own fold ignores in the version, not in the instant of the last change', async () => {
    const doc = (
      await fold(
        stream(mouStream, [
          ['MouDrafted', drafted],
          ['MouSomethingNew', {}],
        ]),
      )
    ).get(`mou-${MOU}`)!;
    expect(doc.entries[0]).toMatchObject({ sequence: 2, stamp: '2026-01-01T03:00:00.000Z' });
  });

  it('shows every proposal’s deadline but a withdrawn one, and follows draft revisions', async () => {
    const events = stream(proposalStream, [
      ['ProposalDrafted', proposalDrafted],
      ['ProposalDraftRevised', { changes: { submissionDeadline: '2027-01-15', partnerIds: [] } }],
      ['ProposalSubmitted', { submittedOn: '2026-01-03', late: false, lateReason: null }],
    ]);
    const doc = (await fold(events)).get(`proposal-${PROPOSAL}`)!;
    expect(doc.entries).toEqual([
      {
        uid: `proposal-deadline-${PROPOSAL}@partnership-tracker`,
        summary: 'Proposal deadline: ระบบความปลอดภัยอาหาร',
        description: `Submission deadline of a proposal (submitted)\nLead team: NMCO\n/api/v1/proposals/${PROPOSAL}`,
        start: '2027-01-15',
        end: '2027-01-16',
        allDay: true,
        location: null,
        sequence: 3,
        stamp: '2026-01-03T03:00:00.000Z',
      },
    ]);
    expect([doc.organisationIds, doc.onCalendar]).toEqual([[NIA], true]);
    const withdrawn = stream(proposalStream, [
      ['ProposalDrafted', proposalDrafted],
      ['ProposalWithdrawn', { reason: 'no funds' }],
    ]);
    const gone = (await fold(withdrawn)).get(`proposal-${PROPOSAL}`)!;
    expect([uids(gone), gone.onCalendar]).toEqual([[], false]);
  });

  it('puts scheduled and held activities on it, not planned or cancelled ones', async () => {
    const planned = {
      id: ACTIVITY,
      title: 'อบรม',
      kind: 'training',
      organisationIds: [NIA],
      leadTeam: 'NMCO',
      startsAt: null,
      endsAt: null,
      location: null,
      mouId: null,
      origin: null,
    };
    const activityStream = `activity-${ACTIVITY}`;
    const scheduled: Array<[string, Record<string, unknown>]> = [
      ['ActivityPlanned', planned],
      ['ActivityScheduled', { startsAt: '2026-12-10T02:00:00.000Z', endsAt: '2026-12-10T09:00:00.000Z', location: 'เชียงใหม่' }],
    ];
    expect(uids((await fold(stream(activityStream, scheduled.slice(0, 1)))).get(`activity-${ACTIVITY}`))).toEqual([]);
    const doc = (await fold(stream(activityStream, scheduled))).get(`activity-${ACTIVITY}`)!;
    expect(doc.entries).toEqual([
      expect.objectContaining({
        uid: `activity-${ACTIVITY}@partnership-tracker`,
        start: '2026-12-10T02:00:00.000Z',
        location: 'เชียงใหม่',
        sequence: 2,
        allDay: false,
      }),
    ]);
    expect(doc.organisationIds).toEqual([NIA]);
    const cancelled = await fold(stream(activityStream, [...scheduled, ['ActivityCancelled', { reason: 'rain' }]]));
    expect(uids(cancelled.get(`activity-${ACTIVITY}`))).toEqual([]);
  });

  it('learns from each owner’s events whether an activity, MOU or proposal is confidential, beside its lead team', async () => {
    const activity = `activity-${ACTIVITY}`;
    const plannedActivity = { id: ACTIVITY, title: 'ประชุมลับ', kind: 'review', organisationIds: [NIA], leadTeam: 'IASA', startsAt: null, endsAt: null };
    const docs = await fold([
      ...stream(mouStream, [['MouDrafted', { ...drafted, confidential: true }]]),
      ...stream(proposalStream, [['ProposalDrafted', proposalDrafted]]),
      ...stream(activity, [['ActivityPlanned', { ...plannedActivity, confidential: true }]]),
    ]);
    const visibility = (id: string) => [docs.get(id)?.confidential, docs.get(id)?.leadTeam];
    expect([visibility(`mou-${MOU}`), visibility(`proposal-${PROPOSAL}`), visibility(`activity-${ACTIVITY}`)]).toEqual([
      [true, 'IASA'],
      [false, 'NMCO'],
      [true, 'IASA'],
    ]);
    const changed = await fold([
      ...stream(mouStream, [
        ['MouDrafted', drafted],
        ['MouConfidentialityChanged', { confidential: true }],
      ]),
      ...stream(proposalStream, [
        ['ProposalDrafted', { ...proposalDrafted, confidential: true }],
        ['ProposalConfidentialityChanged', { confidential: false }],
      ]),
      ...stream(activity, [
        ['ActivityPlanned', plannedActivity],
        ['ActivityConfidentialityChanged', { confidential: true }],
      ]),
    ]);
    expect([`mou-${MOU}`, `proposal-${PROPOSAL}`, `activity-${ACTIVITY}`].map((id) => changed.get(id)?.confidential)).toEqual([true, false, true]);
  });

  it('skips an event it has folded already, so a replay changes nothing', async () => {
    const events = stream(proposalStream, [
      ['ProposalDrafted', proposalDrafted],
      ['ProposalWithdrawn', { reason: 'x' }],
    ]);
    const docs = await fold([...events, events[0]]);
    expect(uids(docs.get(`proposal-${PROPOSAL}`))).toEqual([]);
  });
});
