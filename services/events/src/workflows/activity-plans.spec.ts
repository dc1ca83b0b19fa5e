import { describe, expect, it } from '@jest/globals';
import { kickoffPlan, renewalReviewDueFor, renewalReviewPlan } from './activity-plans';
import { foldMouFacts, type MouFacts } from './mou-facts';
import type { SourceEvent } from '@pmt/kernel';
import { kickoffActivityId, renewalReviewActivityId } from './workflow-ids';

const MOU = '0194a0b2-0000-7000-8000-000000000001';
const NIA = '0194a0b2-0000-7000-8000-0000000000a1';
const UNDP = '0194a0b2-0000-7000-8000-0000000000a2';

let n = 0;
const ev = (type: string, data: Record<string, unknown>, version = ++n): SourceEvent => ({
  type,
  data,
  streamVersion: version,
  sourceId: `source-${type}-${version}`,
  occurredAt: '2026-01-01T00:00:00.000Z',
});

/** NIA and UNDP Thailand's MOU (story 2), active from 2025-01-07 for two years. */
function activeMou(): MouFacts {
  n = 0;
  const facts = foldMouFacts(MOU, [
    ev('MouDrafted', {
      id: MOU,
      title: 'ความร่วมมือด้านนวัตกรรม NIA–UNDP',
      parties: [
        { organisationId: NIA, signatoryName: 'A', signatoryTitle: 'Director' },
        { organisationId: UNDP, signatoryName: 'B', signatoryTitle: 'Resident Representative' },
      ],
      leadTeam: 'IASA',
      effectiveFrom: '2025-01-07',
      endsOn: '2027-01-06',
      kpis: [],
    }),
    ev('MouSignatureRequested', {}),
    ev('MouSigned', { organisationId: NIA }),
    ev('MouSigned', { organisationId: UNDP }),
    ev('MouFullySigned', { signedOn: '2025-01-07' }),
    ev('MouActivated', { activatedOn: '2025-01-07' }),
  ]);
  if (!facts) throw new Error('no facts');
  return facts;
}

describe('the MOU facts the events workflows keep', () => {
  it('follow the MOU through signing to activation, with its parties, lead team and term end', () => {
    expect(activeMou()).toMatchObject({ id: MOU, status: 'active', parties: [NIA, UNDP], leadTeam: 'IASA', endsOn: '2027-01-06', version: 6 });
  });

  it('ignore a repeated event and take a renewal’s new term end as the cause of the next review', () => {
    const mou = activeMou();
    const renewed = foldMouFacts(MOU, [
      ev('MouDrafted', { title: mou.title, parties: [{ organisationId: NIA }, { organisationId: UNDP }], endsOn: '2027-01-06' }, 1),
      ev('MouActivated', {}, 2),
      ev('MouTerminated', {}, 2),
      ev('MouRenewed', { endsOn: '2029-01-06' }, 3),
    ]);
    expect(renewed).toMatchObject({ version: 3, status: 'active', endsOn: '2029-01-06', termEventId: 'source-MouRenewed-3' });
  });
});

describe('the kickoff of an MOU that became active', () => {
  it('is planned for its parties, undated, under the MOU’s lead team, with an id derived from the MOU', () => {
    expect(kickoffPlan(activeMou(), '2025-01-07', { id: 'activated-event', recordedOn: '2025-01-07' })).toEqual({
      id: kickoffActivityId(MOU),
      title: 'Kickoff: ความร่วมมือด้านนวัตกรรม NIA–UNDP',
      kind: 'kickoff',
      mouId: MOU,
      proposalId: null,
      organisationIds: [NIA, UNDP],
      leadTeam: 'IASA',
      confidential: false,
      startsAt: null,
      endsAt: null,
      location: null,
      origin: { workflow: 'mou-kickoff', sourceEventId: 'activated-event' },
    });
    expect(kickoffActivityId(MOU)).toBe(kickoffActivityId(MOU));
  });

  it('is as confidential as its MOU, and follows the MOU made confidential after drafting', () => {
    const activation = { id: 'e', recordedOn: '2025-01-07' };
    expect(kickoffPlan({ ...activeMou(), confidential: true }, '2025-01-07', activation)).toMatchObject({ confidential: true, leadTeam: 'IASA' });
    const mou = activeMou();
    const madeConfidential = foldMouFacts(MOU, [
      ev('MouDrafted', { title: mou.title, parties: [{ organisationId: NIA }], leadTeam: 'IASA', endsOn: '2027-01-06' }, 1),
      ev('MouConfidentialityChanged', { confidential: true, at: '2025-01-02T00:00:00.000Z' }, 2),
      ev('MouActivated', {}, 3),
    ])!;
    expect(kickoffPlan(madeConfidential, '2025-01-07', activation)).toMatchObject({ confidential: true, leadTeam: 'IASA' });
    expect(renewalReviewPlan(madeConfidential, '2027-01-06')).toMatchObject({ confidential: true, leadTeam: 'IASA' });
  });

  it('is not planned for an MOU terminated meanwhile, nor for one whose term is already over', () => {
    const activation = { id: 'e', recordedOn: '2027-01-06' };
    expect(kickoffPlan({ ...activeMou(), status: 'terminated' }, '2027-01-06', activation)).toBeNull();
    expect(kickoffPlan(activeMou(), '2027-01-07', activation)).toBeNull();
    expect(kickoffPlan(activeMou(), '2027-01-06', activation)).not.toBeNull();
  });

  it('is not planned for an activation recorded more than 30 days before the reaction runs (old history on a first start)', () => {
    expect(kickoffPlan(activeMou(), '2025-02-06', { id: 'e', recordedOn: '2025-01-07' })).not.toBeNull();
    expect(kickoffPlan(activeMou(), '2025-02-07', { id: 'e', recordedOn: '2025-01-07' })).toBeNull();
  });
});

describe('the renewal review before an MOU’s term ends (lead times 90, 30, 7 days)', () => {
  const lead = [90, 30, 7];

  it('is not due before the largest lead time is reached', () => {
    expect(renewalReviewDueFor(activeMou(), '2026-10-07', lead)).toBeNull();
  });

  it('is due from 90 days before the term end, and still after downtime that ran past it', () => {
    expect(renewalReviewDueFor(activeMou(), '2026-10-08', lead)).toBe('2027-01-06');
    expect(renewalReviewDueFor(activeMou(), '2027-01-06', lead)).toBe('2027-01-06');
  });

  it('is due for an expired MOU while it can still be renewed, and no more after that', () => {
    const expired = { ...activeMou(), status: 'expired' };
    expect(renewalReviewDueFor(expired, '2027-04-06', lead)).toBe('2027-01-06');
    expect(renewalReviewDueFor(expired, '2027-04-07', lead)).toBeNull();
  });

  it('is never due for a terminated MOU, nor when no lead time is configured', () => {
    expect(renewalReviewDueFor({ ...activeMou(), status: 'terminated' }, '2026-12-01', lead)).toBeNull();
    expect(renewalReviewDueFor(activeMou(), '2026-12-01', [])).toBeNull();
  });

  it('is one review per term end: the renewed term gets a review of its own', () => {
    const first = renewalReviewPlan(activeMou(), '2027-01-06');
    const second = renewalReviewPlan(activeMou(), '2029-01-06');
    expect(first).toMatchObject({
      id: renewalReviewActivityId(MOU, '2027-01-06'),
      kind: 'review',
      organisationIds: [NIA, UNDP],
      origin: { workflow: 'renewal-review' },
    });
    expect(second.id).not.toBe(first.id);
  });
});
