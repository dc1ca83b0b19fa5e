import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import { mouResource } from './mou.resource';
import type { MouEvent } from './mou';
import { mouDecider, type MouCommand } from './mou.decide';
import { dueTransitions, isBackfilling, SCHEDULER_ACTOR } from './mou.schedule';
import { activated, active, awaiting, draft, expired, histories, on, signed, statesOtherThan, terminated } from './mou.fixtures';

const spec = DeciderSpec(mouDecider);
type Data<T extends MouCommand['type']> = Extract<MouCommand, { type: T }>['data'];

const activate = (today: string): MouCommand => ({ type: 'ActivateMou', data: {}, ...on(today) });
const expire = (today: string): MouCommand => ({ type: 'ExpireMou', data: {}, ...on(today) });
const amend = (data: Partial<Data<'AmendMou'>> = {}, today = '2025-06-01'): MouCommand => ({
  type: 'AmendMou',
  data: { summary: 'add a fourth area', changes: { cooperationAreas: ['youth innovation'] }, effectiveOn: '2025-07-01', ...data },
  ...on(today),
});
const report = (data: Partial<Data<'ReportKpiProgress'>> = {}, today = '2025-06-30'): MouCommand => ({
  type: 'ReportKpiProgress',
  data: { kpiId: 'kpi-prototypes', value: 5, reportedOn: '2025-06-30', ...data },
  ...on(today),
});
const renew = (termMonths: number, today: string): MouCommand => ({ type: 'RenewMou', data: { termMonths }, ...on(today) });
const terminate = (data: Partial<Data<'TerminateMou'>> = {}, today = '2026-05-01'): MouCommand => ({
  type: 'TerminateMou',
  data: { reason: 'funding ended', effectiveOn: '2026-06-30', ...data },
  ...on(today),
});
const at = (today: string) => on(today).now;

describe('ActivateMou', () => {
  describe('when signed', () => {
    it('activates on effectiveFrom', () => {
      spec
        .given(signed)
        .when(activate('2025-02-01'))
        .then([activated('2025-02-01')]);
    });

    it('dates the activation by effectiveFrom when the scheduler runs late', () => {
      spec
        .given(signed)
        .when(activate('2025-02-04'))
        .then([{ type: 'MouActivated', data: { activatedOn: '2025-02-01', at: at('2025-02-04') } }]);
    });

    it('refuses before effectiveFrom', () => {
      spec.given(signed).when(activate('2025-01-31')).thenThrows('MOU.NOT_YET_EFFECTIVE', 'it takes effect on 2025-02-01');
    });
  });

  describe.each(statesOtherThan('signed'))('when %s', (status, history) => {
    it('refuses', () => {
      spec.given(history).when(activate('2025-02-01')).thenThrows('MOU.NOT_ACTIVATABLE', `MOU is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(activate('2025-02-01')).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('AmendMou', () => {
  describe('when active', () => {
    it('records the amendment with the next number', () => {
      spec
        .given(active)
        .when(amend())
        .then([
          {
            type: 'MouAmended',
            data: {
              number: 1,
              summary: 'add a fourth area',
              changes: { cooperationAreas: ['youth innovation'] },
              effectiveOn: '2025-07-01',
              at: at('2025-06-01'),
            },
          },
        ]);
    });

    it('numbers a later amendment after the earlier ones', () => {
      const first = spec.given(active).when(amend()).events();
      const events = spec
        .given([...active, ...first])
        .when(amend({ changes: 'ขยายพื้นที่ความร่วมมือ' }))
        .events();
      expect(events[0].data).toMatchObject({ number: 2, changes: 'ขยายพื้นที่ความร่วมมือ' });
    });

    it('refuses an amendment without a summary, date or changes', () => {
      let caught: unknown;
      try {
        mouDecider.decide(amend({ summary: ' ', effectiveOn: '2025-13-01', changes: {} }), spec.given(active).state());
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchObject({
        code: 'MOU.INVALID_AMENDMENT',
        kind: 'invalid',
        errors: [{ path: 'summary' }, { path: 'effectiveOn' }, { path: 'changes' }],
      });
    });
  });

  describe.each(statesOtherThan('active'))('when %s', (status, history) => {
    it('refuses', () => {
      spec.given(history).when(amend()).thenThrows('MOU.NOT_AMENDABLE', `MOU is "${status}"`);
    });
  });

  describe('when draft', () => {
    it('points to revising the terms instead', () => {
      spec.given(draft).when(amend()).thenThrows('MOU.NOT_AMENDABLE', 'revise the terms');
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(amend()).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('ReportKpiProgress', () => {
  describe('when active', () => {
    it('records the report, note null when absent', () => {
      spec
        .given(active)
        .when(report())
        .then([{ type: 'KpiProgressReported', data: { kpiId: 'kpi-prototypes', value: 5, reportedOn: '2025-06-30', note: null, at: at('2025-06-30') } }]);
    });

    it('refuses an unknown KPI with the path kpiId', () => {
      let caught: unknown;
      try {
        mouDecider.decide(report({ kpiId: 'kpi-nope' }), spec.given(active).state());
      } catch (e) {
        caught = e;
      }
      expect(caught).toMatchObject({ code: 'MOU.UNKNOWN_KPI', kind: 'invalid', errors: [{ path: 'kpiId' }] });
    });

    it('refuses a report dated after today', () => {
      spec
        .given(active)
        .when(report({ reportedOn: '2025-07-01' }))
        .thenThrows('MOU.INVALID_PROGRESS', 'reportedOn');
    });

    it('refuses a value that is not a number', () => {
      spec
        .given(active)
        .when(report({ value: Number.NaN }))
        .thenThrows('MOU.INVALID_PROGRESS', 'value');
    });
  });

  describe.each(statesOtherThan('active'))('when %s', (status, history) => {
    it('refuses', () => {
      spec.given(history).when(report()).thenThrows('MOU.KPI_NOT_REPORTABLE', `MOU is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(report()).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('RenewMou', () => {
  describe('when active', () => {
    it('extends the term from the day after the old end', () => {
      spec
        .given(active)
        .when(renew(24, '2027-12-01'))
        .then([
          {
            type: 'MouRenewed',
            data: { termMonths: 24, previousEndsOn: '2028-01-31', startsOn: '2028-02-01', endsOn: '2030-01-31', at: at('2027-12-01') },
          },
        ]);
    });

    it('refuses a term that is not a positive whole number of months', () => {
      spec.given(active).when(renew(0, '2027-12-01')).thenThrows('MOU.INVALID_TERM', 'termMonths');
    });
  });

  describe('when expired', () => {
    it('renews within 90 days of the end, without a gap', () => {
      const events = spec.given(expired).when(renew(12, '2028-04-30')).events();
      expect(events).toEqual([
        {
          type: 'MouRenewed',
          data: { termMonths: 12, previousEndsOn: '2028-01-31', startsOn: '2028-02-01', endsOn: '2029-01-31', at: at('2028-04-30') },
        },
      ]);
    });

    it('refuses once the grace period has passed', () => {
      spec.given(expired).when(renew(12, '2028-05-01')).thenThrows('MOU.RENEWAL_WINDOW_CLOSED', 'renewal was possible until 2028-04-30');
    });
  });

  describe.each(statesOtherThan('active', 'expired'))('when %s', (status, history) => {
    it('refuses', () => {
      spec.given(history).when(renew(12, '2026-01-01')).thenThrows('MOU.NOT_RENEWABLE', `MOU is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(renew(12, '2026-01-01')).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('ExpireMou', () => {
  describe('when active', () => {
    it('expires the day after the last day of the term', () => {
      spec
        .given(active)
        .when(expire('2028-02-01'))
        .then([{ type: 'MouExpired', data: { expiredOn: '2028-02-01', at: at('2028-02-01') } }]);
    });

    it('refuses on the last day of the term', () => {
      spec.given(active).when(expire('2028-01-31')).thenThrows('MOU.TERM_NOT_ENDED', 'its term runs until 2028-01-31');
    });
  });

  describe.each(statesOtherThan('active'))('when %s', (status, history) => {
    it('refuses', () => {
      spec.given(history).when(expire('2030-01-01')).thenThrows('MOU.NOT_EXPIRABLE', `MOU is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(expire('2030-01-01')).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('TerminateMou', () => {
  describe.each([
    ['signed', signed],
    ['active', active],
  ])('when %s', (_status, history) => {
    it('terminates with the reason and the date it takes effect', () => {
      spec
        .given(history)
        .when(terminate())
        .then([{ type: 'MouTerminated', data: { reason: 'funding ended', effectiveOn: '2026-06-30', at: at('2026-05-01') } }]);
    });

    it('refuses without a reason or with a malformed date', () => {
      spec
        .given(history)
        .when(terminate({ reason: '' }))
        .thenThrows('MOU.INVALID_TERMINATION', 'reason');
      spec
        .given(history)
        .when(terminate({ effectiveOn: '30/06/2026' }))
        .thenThrows('MOU.INVALID_TERMINATION', 'effectiveOn');
    });
  });

  describe.each(statesOtherThan('signed', 'active'))('when %s', (status, history) => {
    it('refuses, naming the state', () => {
      spec.given(history).when(terminate()).thenThrows('MOU.NOT_TERMINABLE', `MOU is "${status}"`);
    });
  });

  describe('when awaiting signatures', () => {
    it('says why: not every party has signed', () => {
      spec.given(awaiting).when(terminate()).thenThrows('MOU.NOT_TERMINABLE', 'only once every party has signed');
    });
  });

  describe('when terminated', () => {
    it('says it is no longer in force', () => {
      spec.given(terminated).when(terminate()).thenThrows('MOU.NOT_TERMINABLE', 'no longer in force');
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(terminate()).thenThrows('MOU.NOT_FOUND');
    });
  });
});

describe('dueTransitions', () => {
  const stateOf = (events: MouEvent[]) => spec.given(events).state();

  it('asks for activation of a signed MOU from effectiveFrom on', () => {
    expect(dueTransitions(stateOf(signed), '2025-01-31')).toEqual([]);
    expect(dueTransitions(stateOf(signed), '2025-02-01')).toEqual([{ type: 'ActivateMou' }]);
  });

  it('asks for expiry of an active MOU after its last day', () => {
    expect(dueTransitions(stateOf(active), '2028-01-31')).toEqual([]);
    expect(dueTransitions(stateOf(active), '2028-02-01')).toEqual([{ type: 'ExpireMou' }]);
  });

  it('asks for activation then expiry of a signed MOU whose whole term has passed', () => {
    expect(dueTransitions(stateOf(signed), '2028-03-01')).toEqual([{ type: 'ActivateMou' }, { type: 'ExpireMou' }]);
  });

  it('asks nothing of the other states', () => {
    for (const status of ['draft', 'awaiting-signatures', 'expired', 'terminated']) {
      expect(dueTransitions(stateOf(histories[status]), '2099-01-01')).toEqual([]);
    }
    expect(dueTransitions(mouDecider.initialState(), '2099-01-01')).toEqual([]);
  });

  it('each transition it asks for is accepted by decide', () => {
    let events = [...signed];
    for (const due of dueTransitions(stateOf(events), '2028-03-01')) {
      events = [...events, ...mouDecider.decide({ ...due, data: {}, ...on('2028-03-01') }, stateOf(events))];
    }
    // the decision state keeps no dates of the past: the resource shows them
    expect(ResourceSpec(mouResource).given(events).resource()).toMatchObject({ status: 'expired', activatedOn: '2025-02-01', expiredOn: '2028-02-01' });
  });
});

describe("when an active MOU's term has ended but its expiry is not recorded yet (its past being entered)", () => {
  it('refuses a KPI report dated after the term', () => {
    spec
      .given(active)
      .when(report({ reportedOn: '2028-02-10' }, '2028-02-10'))
      .thenThrows('MOU.KPI_NOT_REPORTABLE', 'its term ended on 2028-01-31');
  });

  it('refuses an amendment and a termination dated after the term', () => {
    spec.given(active).when(amend({}, '2028-02-10')).thenThrows('MOU.NOT_AMENDABLE', 'its term ended on 2028-01-31');
    spec.given(active).when(terminate({}, '2028-02-10')).thenThrows('MOU.NOT_TERMINABLE', 'its term ended on 2028-01-31');
  });

  it('renews it within the grace period, the new term following the old one', () => {
    spec
      .given(active)
      .when(renew(12, '2028-02-10'))
      .then([
        { type: 'MouRenewed', data: { termMonths: 12, previousEndsOn: '2028-01-31', startsOn: '2028-02-01', endsOn: '2029-01-31', at: at('2028-02-10') } },
      ]);
  });
});

describe('isBackfilling', () => {
  const now = '2026-12-04T07:00:00.000Z';
  const change = (occurredAt: string, recordedAt: string, actor = 'admin@step.example') => ({ occurredAt, recordedAt, actor });
  const day = 24 * 60 * 60 * 1000;

  it('holds while the last change was dated years before it was recorded, within the quiet period', () => {
    expect(isBackfilling(change('2009-04-20T03:00:00.000Z', '2026-12-04T06:59:00.000Z'), now, day)).toBe(true);
  });

  it('ends once nobody has backdated anything for the quiet period', () => {
    expect(isBackfilling(change('2009-04-20T03:00:00.000Z', '2026-12-03T06:59:00.000Z'), now, day)).toBe(false);
  });

  it('ends with a change that is not backdated', () => {
    expect(isBackfilling(change('2026-12-04T06:59:00.000Z', '2026-12-04T06:59:00.020Z'), now, day)).toBe(false);
  });

  it('is not started by the scheduler catching up, nor for an MOU without events', () => {
    expect(isBackfilling(change('2014-04-19T17:00:00.000Z', '2026-12-04T06:59:00.000Z', SCHEDULER_ACTOR), now, day)).toBe(false);
    expect(isBackfilling(undefined, now, day)).toBe(false);
  });
});

describe('story 3: the MOST–MOI MOU of 2009 entered as it happened', () => {
  const MOST = 'org-most';
  const MOI = 'org-moi';
  const stamp = (today: string) => ({ today, now: `${today}T03:00:00.000Z` });

  it('takes its whole life in order, each change decided as of its own day', () => {
    const steps: MouCommand[] = [
      {
        type: 'CreateMou',
        ...stamp('2009-03-02'),
        data: {
          id: 'mou-most-moi',
          title: 'Provincial development with science and technology',
          parties: [
            { organisationId: MOST, signatoryName: 'Permanent Secretary', signatoryTitle: 'MOST' },
            { organisationId: MOI, signatoryName: 'Permanent Secretary', signatoryTitle: 'MOI' },
          ],
          cooperationAreas: ['Provincial Chief Science Officers'],
          collaborationLevel: 'strategic',
          effectiveFrom: '2009-04-20',
          termMonths: 60,
          kpis: [{ id: 'pcso', name: 'provinces with a Chief Science Officer', target: 76 }],
        },
      },
      { type: 'RequestSignatures', ...stamp('2009-04-01'), data: {} },
      { type: 'SignMou', ...stamp('2009-04-20'), data: { organisationId: MOST, signedAt: '2009-04-20T03:00:00Z' } },
      { type: 'SignMou', ...stamp('2009-04-20'), data: { organisationId: MOI, signedAt: '2009-04-20T03:00:00Z' } },
      { type: 'ReportKpiProgress', ...stamp('2010-12-31'), data: { kpiId: 'pcso', value: 40, reportedOn: '2010-12-31' } },
      { type: 'RenewMou', ...stamp('2014-04-01'), data: { termMonths: 60 } },
      { type: 'ReportKpiProgress', ...stamp('2016-12-30'), data: { kpiId: 'pcso', value: 76, reportedOn: '2016-12-30' } },
      { type: 'RenewMou', ...stamp('2019-04-01'), data: { termMonths: 60 } },
      { type: 'TerminateMou', ...stamp('2023-06-30'), data: { reason: 'superseded', effectiveOn: '2023-06-30' } },
    ];
    const events = steps.reduce<MouEvent[]>((so, c) => [...so, ...mouDecider.decide(c, spec.given(so).state())], []);
    expect(events.map((e) => e.type)).toEqual([
      'MouDrafted',
      'MouSignatureRequested',
      'MouSigned',
      'MouSigned',
      'MouFullySigned',
      'MouActivated',
      'KpiProgressReported',
      'MouRenewed',
      'KpiProgressReported',
      'MouRenewed',
      'MouTerminated',
    ]);
    expect(ResourceSpec(mouResource).given(events).resource()).toMatchObject({
      status: 'terminated',
      endsOn: '2024-04-19',
      terminatedOn: '2023-06-30',
      activatedOn: '2009-04-20',
    });
  });
});
