import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import type { ProposalEvent } from './proposal';
import { proposalVisibility } from './proposal';
import { proposalDecider, type ProposalCommand, type SetConfidentiality } from './proposal.decide';
import { approved, at, baht, createData, drafted, histories, inReview, on } from './proposal.fixtures';

const spec = DeciderSpec(proposalDecider);

const IASA_STAFF = { seesEverything: false, teams: ['IASA'] };
const NMCO_STAFF = { seesEverything: false, teams: ['NMCO'] };
const ADMIN = { seesEverything: true, teams: [] };

const set = (confidential: boolean, by: SetConfidentiality['by'] = IASA_STAFF, today = '2025-07-01'): ProposalCommand => ({
  type: 'SetConfidentiality',
  data: { confidential },
  by,
  ...on(today),
});
const changed = (confidential: boolean, day = '2025-07-01'): ProposalEvent => ({ type: 'ProposalConfidentialityChanged', data: { confidential, at: at(day) } });
const confidentialDraft: ProposalEvent = { ...drafted, data: { ...drafted.data, confidential: true } };

const refusalOf = (history: ProposalEvent[], command: ProposalCommand): unknown => {
  try {
    spec.given(history).when(command).events();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('DraftProposal with confidential', () => {
  it('records confidential: true on the draft', () => {
    const events = spec
      .given([])
      .when({ type: 'DraftProposal', data: { ...createData, confidential: true }, ...on('2025-01-07') })
      .events();
    expect(events).toEqual([confidentialDraft]);
  });

  it('records confidential: false when it is not given', () => {
    expect(
      spec
        .given([])
        .when({ type: 'DraftProposal', data: createData, ...on('2025-01-07') })
        .events()[0].data,
    ).toMatchObject({ confidential: false });
  });

  it('refuses a confidential proposal without a lead team, naming leadTeam', () => {
    expect(refusalOf([], { type: 'DraftProposal', data: { ...createData, leadTeam: ' ', confidential: true }, ...on('2025-01-07') })).toMatchObject({
      kind: 'invalid',
      code: 'PROPOSAL.INVALID_TERMS',
      errors: expect.arrayContaining([{ path: 'leadTeam', message: 'a confidential proposal needs a lead team' }]),
    });
  });
});

describe('ReviseDraft of a confidential proposal', () => {
  it('may hand it to another team', () => {
    spec
      .given([confidentialDraft])
      .when({ type: 'ReviseDraft', data: { leadTeam: 'NMCO' }, ...on('2025-01-10') })
      .then([{ type: 'ProposalDraftRevised', data: { changes: { leadTeam: 'NMCO' }, at: at('2025-01-10') } }]);
  });

  it('refuses to leave it without a lead team, naming leadTeam', () => {
    expect(refusalOf([confidentialDraft], { type: 'ReviseDraft', data: { leadTeam: '' }, ...on('2025-01-10') })).toMatchObject({
      kind: 'invalid',
      errors: expect.arrayContaining([{ path: 'leadTeam', message: 'a confidential proposal needs a lead team' }]),
    });
  });
});

describe('SetConfidentiality', () => {
  describe.each(Object.entries(histories))('when %s', (_status, history) => {
    it('a member of the lead team makes it confidential', () => {
      spec
        .given(history)
        .when(set(true))
        .then([changed(true)]);
    });

    it('opens it again', () => {
      spec
        .given([...history, changed(true)])
        .when(set(false, IASA_STAFF, '2025-07-02'))
        .then([changed(false, '2025-07-02')]);
    });
  });

  it('records nothing when nothing changes', () => {
    spec.given(inReview).when(set(false)).then([]);
    spec.given([confidentialDraft]).when(set(true)).then([]);
  });

  it('refuses staff outside the lead team: 403 PROPOSAL.NOT_LEAD_TEAM', () => {
    expect(refusalOf(inReview, set(true, NMCO_STAFF))).toMatchObject({ kind: 'forbidden', code: 'PROPOSAL.NOT_LEAD_TEAM' });
  });

  it('lets an admin make any team’s proposal confidential', () => {
    spec
      .given(inReview)
      .when(set(true, ADMIN))
      .then([changed(true)]);
  });

  it('refuses a proposal without a lead team (written before the rule): 409 PROPOSAL.NO_LEAD_TEAM', () => {
    const leaderless: ProposalEvent = { ...drafted, data: { ...drafted.data, leadTeam: '' } };
    expect(refusalOf([leaderless], set(true, ADMIN))).toMatchObject({ kind: 'conflict', code: 'PROPOSAL.NO_LEAD_TEAM' });
  });

  it('answers not found before the proposal exists', () => {
    spec.given([]).when(set(true)).thenThrows('PROPOSAL.NOT_FOUND');
  });
});

describe('DecideProposal on a confidential proposal', () => {
  it('approves with confidential: true, so that the grant opened from it is confidential too', () => {
    const events = spec
      .given([confidentialDraft, ...inReview.slice(1)])
      .when({ type: 'DecideProposal', data: { outcome: 'approved', awardedAmount: baht(200_000_000) }, ...on('2025-06-01') })
      .events();
    expect(events).toEqual([{ ...approved(), data: { ...approved().data, confidential: true } }]);
  });
});

describe('who may see a proposal (visibilityOf)', () => {
  it('is its confidentiality and lead team, in every status', () => {
    expect(proposalVisibility(spec.given([]).state())).toEqual({ confidential: false, leadTeam: null });
    expect(proposalVisibility(spec.given([confidentialDraft]).state())).toEqual({ confidential: true, leadTeam: 'IASA' });
    expect(proposalVisibility(spec.given([...histories.approved, changed(true)]).state())).toEqual({ confidential: true, leadTeam: 'IASA' });
  });
});
