import { describe, it, expect } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import type { ProposalEvent } from './proposal';
import { proposalDecider } from './proposal.decide';
import { approvedHistory, createData, drafted, inReview, noted, PROPOSAL_ID, resubmitted, returned, baht, withdrawnHistory } from './proposal.fixtures';

const stateOf = (events: ProposalEvent[]) => DeciderSpec(proposalDecider).given(events).state();

/** The decider's own state: the fields while open, nothing once closed (the resource is proposal.resource.ts). */
describe('the proposal decision state', () => {
  it('starts as none', () => {
    expect(proposalDecider.initialState()).toEqual({ status: 'none' });
  });

  it('while a draft: its id and fields, nothing else', () => {
    expect(stateOf([drafted])).toEqual({
      status: 'draft',
      id: PROPOSAL_ID,
      title: createData.title,
      description: drafted.data.description,
      leadTeam: drafted.data.leadTeam,
      funderId: drafted.data.funderId,
      partnerIds: drafted.data.partnerIds,
      requestedAmount: drafted.data.requestedAmount,
      submissionDeadline: drafted.data.submissionDeadline,
      programme: drafted.data.programme,
      activityId: drafted.data.activityId,
      confidential: false,
    });
  });

  it('a proposal drafted before confidentiality existed (no `confidential`) is open', () => {
    const { confidential: _c, ...old } = drafted.data;
    expect(stateOf([{ type: 'ProposalDrafted', data: old }])).toMatchObject({ confidential: false });
  });

  it('after ProposalReviewNoted: unchanged', () => {
    const before = stateOf([drafted]);
    expect(proposalDecider.evolve(before, noted())).toBe(before);
  });

  it('submitted, returned, resubmitted: the status and the amount now requested', () => {
    expect(stateOf(inReview)).toMatchObject({ status: 'submitted' });
    expect(stateOf(returned)).toMatchObject({ status: 'revision-requested' });
    expect(stateOf([...returned, resubmitted(baht(180_000_000), 'x')])).toMatchObject({ status: 'submitted', requestedAmount: baht(180_000_000) });
  });

  it('once approved or withdrawn: the status and who may see it', () => {
    expect(stateOf(approvedHistory)).toEqual({ status: 'approved', confidential: false, leadTeam: 'IASA' });
    expect(stateOf(withdrawnHistory)).toEqual({ status: 'withdrawn', confidential: false, leadTeam: 'IASA' });
  });

  it('after ProposalConfidentialityChanged: confidential or open again, open or closed', () => {
    const change = (confidential: boolean): ProposalEvent => ({
      type: 'ProposalConfidentialityChanged',
      data: { confidential, at: '2025-07-01T03:00:00.000Z' },
    });
    expect(stateOf([drafted, change(true)])).toMatchObject({ status: 'draft', confidential: true });
    expect(stateOf([...approvedHistory, change(true)])).toEqual({ status: 'approved', confidential: true, leadTeam: 'IASA' });
    expect(stateOf([...approvedHistory, change(true), change(false)])).toMatchObject({ confidential: false });
  });

  it('ignores events before it exists and after it closed', () => {
    expect(stateOf([noted()])).toEqual({ status: 'none' });
    const closed = stateOf(approvedHistory);
    expect(proposalDecider.evolve(closed, noted())).toBe(closed);
  });
});
