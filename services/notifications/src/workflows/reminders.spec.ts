import { describe, expect, it } from '@jest/globals';
import type { MouFacts } from './mou-facts';
import type { ProposalFacts } from './proposal-facts';
import { deadlineReminder, dueLeadDays, kpiReminders, mouReminders, renewalReminder } from './reminders';

const mou = (over: Partial<MouFacts> = {}): MouFacts => ({
  id: 'mou-1',
  version: 6,
  title: 'ความร่วมมือด้านนวัตกรรม NIA–UNDP',
  parties: ['nia', 'undp'],
  leadTeam: 'IASA',
  confidential: false,
  status: 'active',
  activatedOn: '2025-01-07',
  endsOn: '2027-01-06',
  kpis: [],
  ...over,
});

const kpi = (over: Partial<MouFacts['kpis'][number]> = {}) => ({
  id: 'k1',
  name: 'เทคโนโลยีที่นำไปใช้เชิงพาณิชย์',
  owner: 'imo@step.example',
  dueOn: '2025-06-30',
  lastReportedOn: null,
  ...over,
});

const proposal = (over: Partial<ProposalFacts> = {}): ProposalFacts => ({
  id: 'p-1',
  version: 1,
  title: 'Chiang Mai Food Valley',
  leadTeam: 'IASA',
  confidential: false,
  status: 'draft',
  submissionDeadline: '2025-03-10',
  ...over,
});

describe('which lead time is due', () => {
  it('is none before the largest one is reached', () => {
    expect(dueLeadDays('2025-03-10', '2025-03-02', [7, 1])).toBeNull();
  });

  it('is the lead time reached on its day, and stays due (late) until the next one is reached', () => {
    expect(dueLeadDays('2025-03-10', '2025-03-03', [7, 1])).toBe(7);
    expect(dueLeadDays('2025-03-10', '2025-03-08', [7, 1])).toBe(7);
    expect(dueLeadDays('2025-03-10', '2025-03-09', [7, 1])).toBe(1);
  });

  it('after downtime past several lead times, is only the nearest one', () => {
    expect(dueLeadDays('2027-01-06', '2027-01-01', [90, 30, 7])).toBe(7);
  });

  it('is none once it is more than 30 days late (old history met on a first start)', () => {
    expect(dueLeadDays('2025-03-10', '2025-04-08', [7, 1])).toBe(1);
    expect(dueLeadDays('2025-03-10', '2025-04-09', [7, 1])).toBeNull();
  });

  it('with a lead time of 0, falls due on the date itself', () => {
    expect(dueLeadDays('2025-06-30', '2025-06-29', [0])).toBeNull();
    expect(dueLeadDays('2025-06-30', '2025-06-30', [0])).toBe(0);
  });
});

describe('renewal reminders (90, 30, 7 days)', () => {
  it('come for an MOU in force as each lead time is reached, keyed by term end and lead time', () => {
    expect(renewalReminder(mou(), '2026-10-07', [90, 30, 7])).toBeNull();
    expect(renewalReminder(mou(), '2026-10-08', [90, 30, 7])).toEqual({
      topic: 'mou.renewal-due',
      subjectId: 'mou-1',
      date: '2027-01-06',
      leadDays: 90,
      dueOn: '2026-10-08',
    });
    expect(renewalReminder(mou(), '2026-12-07', [90, 30, 7])).toMatchObject({ leadDays: 30, dueOn: '2026-12-07' });
  });

  it('come late for an MOU that expired meanwhile, but never for a terminated or unsigned one', () => {
    expect(renewalReminder(mou({ status: 'expired' }), '2027-01-10', [90, 30, 7])).toMatchObject({ leadDays: 7 });
    expect(renewalReminder(mou({ status: 'terminated' }), '2026-12-31', [90, 30, 7])).toBeNull();
    expect(renewalReminder(mou({ status: 'signed' }), '2026-12-31', [90, 30, 7])).toBeNull();
  });

  it('follow a renewal: the new term end starts its own series', () => {
    const renewed = mou({ endsOn: '2029-01-06' });
    expect(renewalReminder(renewed, '2026-12-31', [90, 30, 7])).toBeNull();
    expect(renewalReminder(renewed, '2028-10-08', [90, 30, 7])).toMatchObject({ date: '2029-01-06', leadDays: 90 });
  });
});

describe('KPI report reminders (7 and 0 days)', () => {
  it('come 7 days before a KPI is due and on the day, one per KPI', () => {
    const m = mou({ kpis: [kpi(), kpi({ id: 'k2', dueOn: '2025-12-31' })] });
    expect(kpiReminders(m, '2025-06-22', [7, 0])).toEqual([]);
    expect(kpiReminders(m, '2025-06-23', [7, 0])).toEqual([
      { topic: 'kpi.report-due', subjectId: 'mou-1:k1', kpiId: 'k1', date: '2025-06-30', leadDays: 7, dueOn: '2025-06-23' },
    ]);
    expect(kpiReminders(m, '2025-06-30', [7, 0])).toMatchObject([{ kpiId: 'k1', leadDays: 0 }]);
  });

  it('do not come for a KPI already reported on in its reminder window, nor without a due date', () => {
    expect(kpiReminders(mou({ kpis: [kpi({ lastReportedOn: '2025-06-25' })] }), '2025-06-30', [7, 0])).toEqual([]);
    expect(kpiReminders(mou({ kpis: [kpi({ lastReportedOn: '2025-03-31' })] }), '2025-06-30', [7, 0])).toHaveLength(1);
    expect(kpiReminders(mou({ kpis: [kpi({ dueOn: null })] }), '2025-06-30', [7, 0])).toEqual([]);
  });

  it('stop when the MOU is no longer in force', () => {
    expect(kpiReminders(mou({ status: 'expired', kpis: [kpi()] }), '2025-06-30', [7, 0])).toEqual([]);
  });

  it('come with the renewal reminders of the same MOU', () => {
    const m = mou({ endsOn: '2025-07-05', kpis: [kpi()] });
    expect(mouReminders(m, '2025-06-30', { mouRenewalDays: [90, 30, 7], kpiReportDays: [7, 0], proposalDeadlineDays: [] }).map((r) => r.topic)).toEqual([
      'mou.renewal-due',
      'kpi.report-due',
    ]);
  });
});

describe('proposal deadline reminders (7 and 1 days)', () => {
  it('come for a draft as each lead time is reached', () => {
    expect(deadlineReminder(proposal(), '2025-03-02', [7, 1])).toBeNull();
    expect(deadlineReminder(proposal(), '2025-03-03', [7, 1])).toMatchObject({ topic: 'proposal.deadline-due', subjectId: 'p-1', leadDays: 7 });
    expect(deadlineReminder(proposal(), '2025-03-09', [7, 1])).toMatchObject({ leadDays: 1, dueOn: '2025-03-09' });
  });

  it('do not come once the proposal is submitted, withdrawn or decided', () => {
    for (const status of ['submitted', 'withdrawn', 'approved', 'rejected', 'revision-requested']) {
      expect(deadlineReminder(proposal({ status }), '2025-03-09', [7, 1])).toBeNull();
    }
  });
});

describe('reminders that were already past when their facts were entered (Occurred-At)', () => {
  const lead = { mouRenewalDays: [90, 30, 7], kpiReportDays: [7, 0], proposalDeadlineDays: [7, 1] };

  it('are not sent late for an MOU whose facts came in after the fact, after they fell due', () => {
    const m = mou({ endsOn: '2025-07-03', kpis: [kpi()] });
    expect(mouReminders(m, '2025-07-05', lead).map((r) => r.topic)).toEqual(['mou.renewal-due', 'kpi.report-due']);
    expect(mouReminders({ ...m, enteredLateOn: '2025-07-05' }, '2025-07-05', lead)).toEqual([]);
  });

  it('are sent when they fall due on or after the day the facts were entered', () => {
    const m = mou({ endsOn: '2025-07-12', kpis: [kpi({ dueOn: '2025-07-05' })], enteredLateOn: '2025-07-05' });
    expect(mouReminders(m, '2025-07-05', lead).map((r) => [r.topic, r.dueOn])).toEqual([
      ['mou.renewal-due', '2025-07-05'],
      ['kpi.report-due', '2025-07-05'],
    ]);
  });

  it('are not sent for a draft entered after its deadline reminder fell due', () => {
    expect(deadlineReminder(proposal(), '2025-03-11', [7, 1])).toMatchObject({ dueOn: '2025-03-09' });
    expect(deadlineReminder(proposal({ enteredLateOn: '2025-03-11' }), '2025-03-11', [7, 1])).toBeNull();
  });
});
