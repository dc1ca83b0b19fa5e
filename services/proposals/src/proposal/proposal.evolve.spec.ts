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
    });
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

  it('once approved or withdrawn: only the status', () => {
    expect(stateOf(approvedHistory)).toEqual({ status: 'approved' });
    expect(stateOf(withdrawnHistory)).toEqual({ status: 'withdrawn' });
  });

  it('ignores events before it exists and after it closed', () => {
    expect(stateOf([noted()])).toEqual({ status: 'none' });
    const closed = stateOf(approvedHistory);
    expect(proposalDecider.evolve(closed, noted())).toBe(closed);
  });
});
