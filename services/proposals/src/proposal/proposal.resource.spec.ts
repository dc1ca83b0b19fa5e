import { describe, it, expect } from '@jest/globals';
import { ResourceSpec } from '@pmt/testing';
import type { ProposalEvent } from './proposal';
import { proposalResource, type ProposalResource } from './proposal.resource';
import {
  approvedHistory,
  at,
  baht,
  createData,
  drafted,
  FOOD_VALLEY,
  inReview,
  LAMPANG,
  NIA,
  noted,
  PROPOSAL_ID,
  REQUESTED,
  resubmitted,
  returned,
  withdrawnHistory,
  WORKSHOP,
} from './proposal.fixtures';

const proposalOf = (events: ProposalEvent[]): ProposalResource => {
  const s = ResourceSpec(proposalResource).given(events).resource();
  if (s.status === 'none') throw new Error('expected a proposal');
  return s;
};

describe('the proposal resource', () => {
  it('starts as none', () => {
    expect(proposalResource.initialState()).toEqual({ status: 'none' });
  });

  it('after ProposalDrafted: the whole resource, every key present, plain JSON', () => {
    const state = proposalOf([drafted]);
    expect(state).toEqual({
      id: PROPOSAL_ID,
      status: 'draft',
      confidential: false,
      title: createData.title,
      description: null,
      leadTeam: 'IASA',
      funderId: NIA,
      partnerIds: [FOOD_VALLEY, LAMPANG],
      requestedAmount: REQUESTED,
      awardedAmount: null,
      programme: 'Social innovation 2025',
      submissionDeadline: '2025-03-31',
      activityId: WORKSHOP,
      submittedOn: null,
      late: false,
      lateReason: null,
      decision: null,
      reviewNotes: [],
      resubmissions: [],
      withdrawal: null,
      createdAt: at('2025-01-07'),
      updatedAt: at('2025-01-07'),
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('after ProposalDraftRevised: the changed fields', () => {
    const revised: ProposalEvent = { type: 'ProposalDraftRevised', data: { changes: { title: 'ใหม่', activityId: null }, at: at('2025-01-15') } };
    expect(proposalOf([drafted, revised])).toMatchObject({ title: 'ใหม่', activityId: null, programme: 'Social innovation 2025', updatedAt: at('2025-01-15') });
  });

  it('after ProposalReviewNoted: the note is listed, nothing else changes but updatedAt', () => {
    const before = proposalOf([drafted]);
    const after = proposalOf([drafted, noted()]);
    expect(after).toEqual({
      ...before,
      reviewNotes: [{ note: 'budget needs a co-investment line', by: 'reviewer@step.example', at: at('2025-01-10') }],
      updatedAt: at('2025-01-10'),
    });
  });

  it('after ProposalSubmitted: submitted, with the date and lateness', () => {
    expect(proposalOf(inReview)).toMatchObject({ status: 'submitted', submittedOn: '2025-03-01', late: false, lateReason: null });
    const late: ProposalEvent = {
      type: 'ProposalSubmitted',
      data: { submittedOn: '2025-04-02', late: true, lateReason: 'extended by email', at: at('2025-04-02') },
    };
    expect(proposalOf([drafted, late])).toMatchObject({ late: true, lateReason: 'extended by email' });
  });

  it('after ProposalRevisionRequested: the decision with its reasons and date', () => {
    expect(proposalOf(returned)).toMatchObject({
      status: 'revision-requested',
      decision: { outcome: 'revision-requested', reasons: ['show the co-investment of the partners'], decidedOn: '2025-04-15' },
    });
  });

  it('after ProposalResubmitted: submitted again, with the new amount, awaiting a new decision', () => {
    const p = proposalOf([...returned, resubmitted(baht(180_000_000), 'co-investment added')]);
    expect(p).toMatchObject({ status: 'submitted', requestedAmount: baht(180_000_000), decision: null, submittedOn: '2025-03-01' });
    expect(p.resubmissions).toEqual([{ requestedAmount: baht(180_000_000), note: 'co-investment added', at: at('2025-05-01') }]);
  });

  it('after ProposalApproved: approved with the award', () => {
    expect(proposalOf(approvedHistory)).toMatchObject({
      status: 'approved',
      awardedAmount: baht(200_000_000),
      decision: { outcome: 'approved', reasons: [], decidedOn: '2025-06-01' },
    });
  });

  it('dates a decision by the office’s day: 23:30 UTC is the next day in Bangkok', () => {
    const rejected: ProposalEvent = { type: 'ProposalRejected', data: { reasons: ['no'], at: '2025-04-14T23:30:00.000Z' } };
    expect(proposalOf([...inReview, rejected]).decision).toEqual({ outcome: 'rejected', reasons: ['no'], decidedOn: '2025-04-15' });
  });

  it('after ProposalWithdrawn: withdrawn with the reason', () => {
    expect(proposalOf(withdrawnHistory)).toMatchObject({ status: 'withdrawn', withdrawal: { reason: 'partner left', at: at('2025-02-01') } });
  });

  it('after ProposalConfidentialityChanged: confidential (the reads hide it from other teams), then open again', () => {
    const change = (confidential: boolean, day: string): ProposalEvent => ({ type: 'ProposalConfidentialityChanged', data: { confidential, at: at(day) } });
    expect(proposalOf([...approvedHistory, change(true, '2025-07-01')])).toMatchObject({
      status: 'approved',
      confidential: true,
      leadTeam: 'IASA',
      updatedAt: at('2025-07-01'),
    });
    expect(proposalOf([...approvedHistory, change(true, '2025-07-01'), change(false, '2025-07-02')])).toMatchObject({ confidential: false });
  });

  it('a proposal drafted confidential is confidential from its first version', () => {
    expect(proposalOf([{ ...drafted, data: { ...drafted.data, confidential: true } }])).toMatchObject({ confidential: true, leadTeam: 'IASA' });
  });

  it('ignores events before the proposal exists', () => {
    expect(proposalResource.evolve({ status: 'none' }, noted())).toEqual({ status: 'none' });
  });
});
