import { describe, it, expect } from '@jest/globals';
import { ResourceSpec } from '@pmt/testing';
import type { MouEvent } from './mou';
import { foldMouResource, KEPT_REPORTS, mouResource, type MouResource, type MouView } from './mou.resource';
import { active, awaiting, drafted, expired, NIA, on, signed, signedBy, terminated, UNDP, MOU_ID } from './mou.fixtures';

const spec = ResourceSpec(mouResource);
const stateOf = (events: MouEvent[]): MouView => spec.given(events).resource();
const mouOf = (events: MouEvent[]): MouResource => {
  const s = stateOf(events);
  if (s.status === 'none') throw new Error('expected an MOU');
  return s;
};
const report = (kpiId: string, value: number, reportedOn: string, note: string | null = null): MouEvent => ({
  type: 'KpiProgressReported',
  data: { kpiId, value, reportedOn, note, at: on(reportedOn).now },
});

describe('the MOU resource', () => {
  it('starts as none', () => {
    expect(mouResource.initialState()).toEqual({ status: 'none' });
  });

  it('after MouDrafted: the whole resource, every key present, plain JSON', () => {
    const state = mouOf([drafted]);
    expect(state).toEqual({
      id: MOU_ID,
      status: 'draft',
      title: drafted.data.title,
      description: null,
      parties: [
        { ...drafted.data.parties[0], signedAt: null },
        { ...drafted.data.parties[1], signedAt: null },
      ],
      cooperationAreas: drafted.data.cooperationAreas,
      collaborationLevel: 'strategic',
      effectiveFrom: '2025-02-01',
      termMonths: 36,
      endsOn: '2028-01-31',
      kpis: [
        { ...drafted.data.kpis[0], progress: null, percent: null, lastReportedOn: null, reports: [], reportCount: 0 },
        { ...drafted.data.kpis[1], progress: null, percent: null, lastReportedOn: null, reports: [], reportCount: 0 },
      ],
      leadTeam: 'IASA',
      amendments: [],
      renewals: [],
      signatureRequestedAt: null,
      fullySignedOn: null,
      activatedOn: null,
      expiredOn: null,
      terminatedOn: null,
      terminationReason: null,
      confidential: false,
      createdAt: drafted.data.at,
      updatedAt: drafted.data.at,
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('after a confidential MouDrafted: confidential; a MOU drafted before confidentiality existed is open', () => {
    expect(mouOf([{ ...drafted, data: { ...drafted.data, confidential: true } }]).confidential).toBe(true);
    const { confidential: _, ...old } = drafted.data;
    expect(mouOf([{ ...drafted, data: old }]).confidential).toBe(false);
  });

  it('after MouConfidentialityChanged: confidential or open again, in any status, with the time of the change', () => {
    const closed: MouEvent = { type: 'MouConfidentialityChanged', data: { confidential: true, at: on('2026-07-01').now } };
    const opened: MouEvent = { type: 'MouConfidentialityChanged', data: { confidential: false, at: on('2026-07-02').now } };
    expect(mouOf([...terminated, closed])).toMatchObject({ status: 'terminated', confidential: true, updatedAt: on('2026-07-01').now });
    expect(mouOf([...terminated, closed, opened])).toMatchObject({ status: 'terminated', confidential: false, updatedAt: on('2026-07-02').now });
  });

  it('after MouSignatureRequested: awaiting signatures, with the request time', () => {
    expect(mouOf(awaiting)).toMatchObject({ status: 'awaiting-signatures', signatureRequestedAt: on('2025-01-08').now });
  });

  it('after MouSigned: that party carries its signature time, the others none', () => {
    const state = mouOf([...awaiting, signedBy(NIA)]);
    expect(state.status).toBe('awaiting-signatures');
    expect(state.parties.map((p) => [p.organisationId, p.signedAt])).toEqual([
      [NIA, '2025-01-20T02:00:00.000Z'],
      [UNDP, null],
    ]);
    expect(state.updatedAt).toBe(on('2025-01-20').now);
  });

  it('after MouFullySigned: signed, with the date', () => {
    expect(mouOf(signed)).toMatchObject({ status: 'signed', fullySignedOn: '2025-01-20', activatedOn: null });
  });

  it('after MouActivated: active, with the date', () => {
    expect(mouOf(active)).toMatchObject({ status: 'active', activatedOn: '2025-02-01' });
  });

  it('after MouTermsRevised while awaiting signatures: back to draft, signatures and request cleared, terms changed', () => {
    const state = mouOf([
      ...awaiting,
      signedBy(NIA),
      {
        type: 'MouTermsRevised',
        data: {
          changes: { termMonths: 24, kpis: [{ id: 'kpi-x', name: 'startups', target: 5, unit: null, owner: null, dueOn: null }] },
          endsOn: '2027-01-31',
          signaturesCleared: [NIA],
          returnedToDraft: true,
          at: on('2025-01-21').now,
        },
      },
    ]);
    expect(state).toMatchObject({
      status: 'draft',
      signatureRequestedAt: null,
      termMonths: 24,
      endsOn: '2027-01-31',
      title: drafted.data.title,
      kpis: [{ id: 'kpi-x', progress: null, percent: null, reports: [] }],
      updatedAt: on('2025-01-21').now,
    });
    expect(state.parties.every((p) => p.signedAt === null)).toBe(true);
  });

  it('after MouTermsRevised in draft: stays draft', () => {
    const state = mouOf([
      drafted,
      {
        type: 'MouTermsRevised',
        data: { changes: { leadTeam: null }, endsOn: '2028-01-31', signaturesCleared: [], returnedToDraft: false, at: on('2025-01-09').now },
      },
    ]);
    expect(state).toMatchObject({ status: 'draft', leadTeam: null });
  });

  it('after MouAmended: the amendment is listed', () => {
    const amendment = { number: 1, summary: 'add an area', changes: { cooperationAreas: ['youth'] }, effectiveOn: '2025-07-01', at: on('2025-06-01').now };
    expect(mouOf([...active, { type: 'MouAmended', data: amendment }]).amendments).toEqual([amendment]);
  });

  it('after KpiProgressReported: latest value by reported date, percent of target, the reports so far', () => {
    const state = mouOf([...active, report('kpi-prototypes', 5, '2025-06-30'), report('kpi-prototypes', 3, '2025-03-31', 'late Q1 report')]);
    const kpi = state.kpis.find((k) => k.id === 'kpi-prototypes')!;
    expect(kpi).toMatchObject({ progress: 5, percent: 25, lastReportedOn: '2025-06-30' });
    expect(kpi.reports).toEqual([
      { value: 5, reportedOn: '2025-06-30', note: null, at: on('2025-06-30').now },
      { value: 3, reportedOn: '2025-03-31', note: 'late Q1 report', at: on('2025-03-31').now },
    ]);
    expect(state.kpis.find((k) => k.id === 'kpi-sessions')).toMatchObject({ progress: null, reports: [] });
  });

  it('after many KpiProgressReported: keeps the latest 20, in the order recorded, and counts them all', () => {
    const weekly = Array.from({ length: 60 }, (_, i) => report('kpi-prototypes', i + 1, `2025-03-${String((i % 28) + 1).padStart(2, '0')}`));
    const kpi = spec
      .given(active)
      .when(...weekly)
      .resource();
    const prototypes = (kpi as MouResource).kpis.find((k) => k.id === 'kpi-prototypes')!;
    expect(KEPT_REPORTS).toBe(20);
    expect(prototypes.reportCount).toBe(60);
    expect(prototypes.reports.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => 41 + i));
  });

  it('stops growing with reports: after 1,000 reports the document is as large as after 100', () => {
    // values, dates and notes of one length, so that only the number of reports kept could change the size
    const reports = (n: number) =>
      Array.from({ length: n }, (_, i) => report(i % 2 ? 'kpi-sessions' : 'kpi-prototypes', i % 10, `2025-0${(i % 6) + 3}-1${i % 10}`, 'quarterly'));
    // reportCount aside, whose digits grow with the count
    const size = (view: MouView) => JSON.stringify({ ...view, kpis: (view as MouResource).kpis.map(({ reportCount: _count, ...k }) => k) }).length;
    expect(size(mouOf([...active, ...reports(1000)]))).toBe(size(mouOf([...active, ...reports(100)])));
    expect(size(foldMouResource([...active, ...reports(1000)]))).toBe(size(mouOf([...active, ...reports(100)])));
  });

  it('after KpiProgressReported on a document stored while every report was kept: keeps the latest 20, counts on from its reportCount', () => {
    const stored = mouOf(active);
    const old = Array.from({ length: 70 }, (_, i) => ({ value: i, reportedOn: '2025-03-01', note: null, at: on('2025-03-01').now }));
    const everyReport: MouResource = { ...stored, kpis: stored.kpis.map((k) => (k.id === 'kpi-sessions' ? { ...k, reports: old, reportCount: 70 } : k)) };
    const after = mouResource.evolve(everyReport, report('kpi-sessions', 4, '2025-06-30')) as MouResource;
    expect(after.kpis[1]).toMatchObject({ reportCount: 71, progress: 4 });
    expect(after.kpis[1].reports.map((r) => r.value)).toEqual([...Array.from({ length: 19 }, (_, i) => 51 + i), 4]);
  });

  it('after KpiProgressReported twice on one date: the later record corrects the earlier', () => {
    const state = mouOf([...active, report('kpi-sessions', 3, '2025-06-30'), report('kpi-sessions', 1, '2025-06-30')]);
    expect(state.kpis[1]).toMatchObject({ progress: 1, percent: 12.5 });
  });

  it('after MouExpired: expired, with the first day out of force', () => {
    expect(mouOf(expired)).toMatchObject({ status: 'expired', expiredOn: '2028-02-01' });
  });

  it('after MouRenewed from expired: active again, new end, renewal listed, expiry cleared', () => {
    const renewal = { termMonths: 12, previousEndsOn: '2028-01-31', startsOn: '2028-02-01', endsOn: '2029-01-31', at: on('2028-03-01').now };
    const state = mouOf([...expired, { type: 'MouRenewed', data: renewal }]);
    expect(state).toMatchObject({ status: 'active', endsOn: '2029-01-31', expiredOn: null, termMonths: 36, renewals: [renewal] });
  });

  it('after MouTerminated: terminated, with the date and reason', () => {
    expect(mouOf(terminated)).toMatchObject({ status: 'terminated', terminatedOn: '2026-06-30', terminationReason: 'funding ended' });
  });

  it('leaves state unchanged for an unknown event', () => {
    const before = mouOf(active);
    expect(mouResource.evolve(before, { type: 'SomethingElse', data: { at: 'x' } } as unknown as MouEvent)).toBe(before);
  });

  it('ignores events other than MouDrafted before the MOU exists', () => {
    expect(stateOf([{ type: 'MouSignatureRequested', data: { at: on('2025-01-08').now } }])).toEqual({ status: 'none' });
  });
});

describe('the MOU resource folded at once (history asOf)', () => {
  const weekly = Array.from({ length: 120 }, (_, i) =>
    report(i % 2 ? 'kpi-sessions' : 'kpi-prototypes', i, `2025-0${(i % 6) + 3}-1${i % 10}`, i % 3 ? null : `week ${i}`),
  );
  const amended: MouEvent = { type: 'MouAmended', data: { number: 1, summary: 'x', changes: 'y', effectiveOn: '2025-07-01', at: on('2025-06-01').now } };
  const history = [...active, ...weekly.slice(0, 60), amended, ...weekly.slice(60)];

  it('is the resource that evolving event by event gives', () => {
    expect(foldMouResource(history)).toEqual(history.reduce(mouResource.evolve, mouResource.initialState()));
  });

  it('leaves the resources evolve gave before untouched (it changes in place only lists it made itself)', () => {
    const before = mouOf([...active, ...weekly.slice(0, 10)]);
    const copy = JSON.parse(JSON.stringify(before));
    foldMouResource([...active, ...weekly]);
    expect(before).toEqual(copy);
  });
});
