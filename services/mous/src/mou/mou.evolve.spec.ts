import { describe, it, expect } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import type { MouEvent } from './mou';
import { mouDecider } from './mou.decide';
import { active, awaiting, drafted, expired, NIA, on, signed, signedBy, terminated, UNDP } from './mou.fixtures';

const stateOf = (events: MouEvent[]) => DeciderSpec(mouDecider).given(events).state();
const report = (value: number, reportedOn: string): MouEvent => ({
  type: 'KpiProgressReported',
  data: { kpiId: 'kpi-prototypes', value, reportedOn, note: 'a long note '.repeat(20), at: on(reportedOn).now },
});

/** Who may see it, kept in every status (the fixtures' MOU is open and led by IASA). */
const open = { confidential: false, leadTeam: 'IASA' };

/** The decider's own state: only what decide needs, one shape per status (the resource is mou.resource.ts). */
describe('the MOU decision state', () => {
  it('starts as none', () => {
    expect(mouDecider.initialState()).toEqual({ status: 'none' });
  });

  it('while unsigned: the terms (to compare a revision with), who signed when, and the term end', () => {
    expect(stateOf([...awaiting, signedBy(NIA)])).toEqual({
      status: 'awaiting-signatures',
      terms: {
        title: drafted.data.title,
        description: null,
        cooperationAreas: drafted.data.cooperationAreas,
        collaborationLevel: 'strategic',
        effectiveFrom: '2025-02-01',
        termMonths: 36,
        kpis: drafted.data.kpis,
        leadTeam: 'IASA',
      },
      parties: [
        { organisationId: NIA, signedAt: '2025-01-20T02:00:00.000Z' },
        { organisationId: UNDP, signedAt: null },
      ],
      endsOn: '2028-01-31',
      confidential: false,
      leadTeam: 'IASA',
    });
  });

  it('once signed: the dates activation needs and the KPI ids, no terms', () => {
    expect(stateOf(signed)).toEqual({
      status: 'signed',
      effectiveFrom: '2025-02-01',
      fullySignedOn: '2025-01-20',
      endsOn: '2028-01-31',
      kpiIds: ['kpi-prototypes', 'kpi-sessions'],
      confidential: false,
      leadTeam: 'IASA',
    });
  });

  it('in force: the term end, the KPI ids and how many amendments there were', () => {
    expect(stateOf(active)).toEqual({ status: 'active', endsOn: '2028-01-31', kpiIds: ['kpi-prototypes', 'kpi-sessions'], amendmentCount: 0, ...open });
  });

  it('after MouAmended: counts the amendment only', () => {
    const amended: MouEvent = { type: 'MouAmended', data: { number: 1, summary: 'x', changes: 'y', effectiveOn: '2025-07-01', at: on('2025-06-01').now } };
    expect(stateOf([...active, amended])).toMatchObject({ status: 'active', amendmentCount: 1 });
  });

  it('after KpiProgressReported, however many: the same state, so deciding costs the same after a thousand reports', () => {
    const before = stateOf(active);
    const reports = Array.from({ length: 1000 }, (_, i) => report(i, '2025-06-30'));
    expect(reports.reduce(mouDecider.evolve, before)).toBe(before);
  });

  it('expired, then renewed: in force again with the new end', () => {
    expect(stateOf(expired)).toMatchObject({ status: 'expired', endsOn: '2028-01-31' });
    const renewed: MouEvent = {
      type: 'MouRenewed',
      data: { termMonths: 12, previousEndsOn: '2028-01-31', startsOn: '2028-02-01', endsOn: '2029-01-31', at: on('2028-03-01').now },
    };
    expect(stateOf([...expired, renewed])).toEqual({
      status: 'active',
      endsOn: '2029-01-31',
      kpiIds: ['kpi-prototypes', 'kpi-sessions'],
      amendmentCount: 0,
      ...open,
    });
  });

  it('terminated: nothing more to decide with', () => {
    expect(stateOf(terminated)).toEqual({ status: 'terminated', ...open });
  });

  it('ignores an event its status cannot take, and events before the MOU exists', () => {
    const before = stateOf(active);
    expect(mouDecider.evolve(before, { type: 'MouSignatureRequested', data: { at: 'x' } })).toBe(before);
    expect(stateOf([{ type: 'MouSignatureRequested', data: { at: on('2025-01-08').now } }])).toEqual({ status: 'none' });
  });
});
