import { describe, expect, it } from '@jest/globals';
import { foldMouFacts, mouFactsOfResource } from './mou-facts';
import { evolveProposalFacts, proposalFactsOfResource, type ProposalFacts } from './proposal-facts';
import type { SourceEvent } from '@pmt/kernel';

const ev = (type: string, data: Record<string, unknown>, streamVersion: number): SourceEvent => ({
  type,
  data,
  streamVersion,
  sourceId: `e${streamVersion}`,
  occurredAt: '2026-01-01T00:00:00.000Z',
});

describe('MOU facts for reminders', () => {
  const drafted = ev(
    'MouDrafted',
    {
      title: 'Joint KPIs across the northern network',
      parties: [{ organisationId: 'step' }, { organisationId: 'nsp' }],
      leadTeam: 'NMCO',
      endsOn: '2026-01-06',
      kpis: [{ id: 'k1', name: 'Technologies commercialised', target: 10, unit: null, owner: 'NMCO', dueOn: '2025-06-30' }],
    },
    1,
  );

  it('keep each KPI’s owner, due date and latest report, whatever order reports were dated in', () => {
    const facts = foldMouFacts('m', [
      drafted,
      ev('MouActivated', { activatedOn: '2025-01-07' }, 2),
      ev('KpiProgressReported', { kpiId: 'k1', value: 3, reportedOn: '2025-05-31' }, 3),
      ev('KpiProgressReported', { kpiId: 'k1', value: 2, reportedOn: '2025-04-30' }, 4),
    ]);
    expect(facts).toMatchObject({
      status: 'active',
      activatedOn: '2025-01-07',
      leadTeam: 'NMCO',
      kpis: [{ id: 'k1', owner: 'NMCO', dueOn: '2025-06-30', lastReportedOn: '2025-05-31' }],
    });
  });

  it('read the same from the mous service’s current MOU, for the check when a reminder fires', () => {
    const resource = {
      id: 'm',
      version: 3,
      status: 'active',
      title: 'Joint KPIs across the northern network',
      parties: [{ organisationId: 'step', signedAt: '2025-01-07T03:00:00Z' }],
      leadTeam: 'NMCO',
      activatedOn: '2025-01-07',
      endsOn: '2026-01-06',
      kpis: [{ id: 'k1', name: 'Technologies commercialised', owner: 'NMCO', dueOn: '2025-06-30', lastReportedOn: '2025-05-31', reports: [] }],
    };
    expect(mouFactsOfResource(resource)).toMatchObject({ parties: ['step'], kpis: [{ id: 'k1', lastReportedOn: '2025-05-31' }] });
    expect(mouFactsOfResource({ code: 'MOU.NOT_FOUND' })).toBeNull();
  });
});

describe('proposal facts for deadline reminders', () => {
  it('follow revisions of the deadline and the proposal’s status', () => {
    const steps: Array<[string, Record<string, unknown>]> = [
      ['ProposalDrafted', { title: 'Lampang ceramics', leadTeam: 'IASA', submissionDeadline: '2025-03-10' }],
      ['ProposalDraftRevised', { changes: { submissionDeadline: '2025-03-20' } }],
      ['ProposalSubmitted', { submittedOn: '2025-03-15' }],
    ];
    const facts = steps.reduce<ProposalFacts | null>((f, [type, data], i) => evolveProposalFacts(f, 'p', ev(type, data, i + 1)), null);
    expect(facts).toMatchObject({ status: 'submitted', submissionDeadline: '2025-03-20', version: 3 });
    expect(proposalFactsOfResource({ id: 'p', status: 'withdrawn', title: 'x', leadTeam: 'IASA', submissionDeadline: '2025-03-20' })).toMatchObject({
      status: 'withdrawn',
    });
  });
});

describe('who may see the record, for the notices about it', () => {
  it('a proposal: confidential from its draft, changed later, and read from the proposals service', () => {
    const steps: Array<[string, Record<string, unknown>]> = [
      ['ProposalDrafted', { title: 'Secret', leadTeam: 'IASA', submissionDeadline: '2025-03-10', confidential: true }],
      ['ProposalConfidentialityChanged', { confidential: false }],
    ];
    const fold = (n: number) =>
      steps.slice(0, n).reduce<ProposalFacts | null>((f, [type, data], i) => evolveProposalFacts(f, 'p', ev(type, data, i + 1)), null);
    expect(fold(1)).toMatchObject({ confidential: true, leadTeam: 'IASA' });
    expect(fold(2)).toMatchObject({ confidential: false, leadTeam: 'IASA', status: 'draft' });
    expect(evolveProposalFacts(null, 'p', ev('ProposalDrafted', { title: 'Old', leadTeam: 'IASA' }, 1))).toMatchObject({ confidential: false });
    expect(proposalFactsOfResource({ id: 'p', status: 'draft', title: 'x', leadTeam: 'IASA', confidential: true })).toMatchObject({ confidential: true });
  });

  it('an MOU: confidential from its draft and after MouConfidentialityChanged', () => {
    const drafted = ev('MouDrafted', { title: 't', parties: [], leadTeam: 'IASA', kpis: [], confidential: true }, 1);
    expect(foldMouFacts('m', [drafted])).toMatchObject({ confidential: true, leadTeam: 'IASA' });
    expect(foldMouFacts('m', [drafted, ev('MouConfidentialityChanged', { confidential: false }, 2)])).toMatchObject({ confidential: false });
  });
});

describe('facts entered after the fact', () => {
  it('remember the last day a fact of the MOU or proposal was entered late, and keep it through later events', () => {
    const late = (e: SourceEvent, on: string): SourceEvent => ({ ...e, enteredLateOn: on });
    const mou = foldMouFacts('m', [
      late(ev('MouDrafted', { title: 't', parties: [], endsOn: '2014-04-19', kpis: [] }, 1), '2026-12-01'),
      late(ev('MouActivated', { activatedOn: '2009-04-20' }, 2), '2026-12-04'),
      ev('MouRenewed', { endsOn: '2019-04-19' }, 3),
    ]);
    expect(mou).toMatchObject({ status: 'active', enteredLateOn: '2026-12-04' });
    expect(foldMouFacts('m', [ev('MouDrafted', { title: 't', parties: [], kpis: [] }, 1)])).toMatchObject({ enteredLateOn: null });
    const proposal = evolveProposalFacts(null, 'p', late(ev('ProposalDrafted', { title: 'p', submissionDeadline: '2010-01-31' }, 1), '2026-12-04'));
    expect(proposal).toMatchObject({ status: 'draft', enteredLateOn: '2026-12-04' });
  });
});
