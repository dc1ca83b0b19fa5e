import type { DecisionOutcome, ProposalDrafted, ProposalEvent, ProposalStatus, ProposalTerms } from '@pmt/contracts-proposals';
import { officeDate, type Money } from '@pmt/kernel';

// The events, statuses and terms are the contract's (libs/contracts/proposals): one definition for the service and its consumers.
export { DECISION_OUTCOMES, PROPOSAL_EVENT_TYPES, PROPOSAL_STATUSES, ProposalEventType } from '@pmt/contracts-proposals';
export type { DecisionOutcome, ProposalApproved, ProposalDraftRevised, ProposalDrafted, ProposalEvent, ProposalRejected, ProposalResubmitted, ProposalReviewNoted, ProposalRevisionRequested, ProposalStatus, ProposalSubmitted, ProposalTerms, ProposalWithdrawn } from '@pmt/contracts-proposals';

export const streamIdOf = (id: string): string => `proposal-${id}`;

/** Still in play: it can be noted on or withdrawn. approved, rejected and withdrawn are final. */
export const OPEN_STATUSES: readonly ProposalStatus[] = ['draft', 'submitted', 'revision-requested'];

export interface ReviewNote {
  note: string;
  by: string | null;
  at: string;
}

export interface Decision {
  outcome: DecisionOutcome;
  reasons: string[];
  /** The office's calendar date of the decision. */
  decidedOn: string;
}

export interface Resubmission {
  requestedAmount: Money;
  note: string | null;
  at: string;
}

/** A proposal as read: plain JSON, every key always present. */
export interface Proposal extends ProposalTerms {
  id: string;
  status: ProposalStatus;
  awardedAmount: Money | null;
  /** The office date of the first submission (resubmissions are listed in `resubmissions`). */
  submittedOn: string | null;
  late: boolean;
  lateReason: string | null;
  /** The funder's latest decision; null while none is pending on the current submission. */
  decision: Decision | null;
  reviewNotes: ReviewNote[];
  resubmissions: Resubmission[];
  withdrawal: { reason: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

export type ProposalState = { status: 'none' } | Proposal;

export const initialState = (): ProposalState => ({ status: 'none' });

export function evolve(state: ProposalState, event: ProposalEvent): ProposalState {
  if (event.type === 'ProposalDrafted') return drafted(event.data);
  if (state.status === 'none') return state;
  const s: Proposal = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'ProposalDraftRevised':
      return { ...s, ...event.data.changes };
    case 'ProposalReviewNoted':
      return { ...s, reviewNotes: [...s.reviewNotes, { note: event.data.note, by: event.data.by, at: event.data.at }] };
    case 'ProposalSubmitted':
      return { ...s, status: 'submitted', submittedOn: event.data.submittedOn, late: event.data.late, lateReason: event.data.lateReason };
    case 'ProposalApproved':
      return { ...s, status: 'approved', awardedAmount: event.data.awardedAmount, decision: decision('approved', event.data) };
    case 'ProposalRejected':
      return { ...s, status: 'rejected', decision: decision('rejected', event.data) };
    case 'ProposalRevisionRequested':
      return { ...s, status: 'revision-requested', decision: decision('revision-requested', event.data) };
    case 'ProposalResubmitted':
      // The funder has not decided on the resubmitted proposal yet; the request for revision stays in history.
      return {
        ...s,
        status: 'submitted',
        requestedAmount: event.data.requestedAmount,
        decision: null,
        resubmissions: [...s.resubmissions, { ...event.data }],
      };
    case 'ProposalWithdrawn':
      return { ...s, status: 'withdrawn', withdrawal: { reason: event.data.reason, at: event.data.at } };
    default:
      return state;
  }
}

/** Decided on the office's date of `at`: a decision recorded at 01:00 in Bangkok is that Bangkok day's. */
const decision = (outcome: DecisionOutcome, d: { reasons: string[]; at: string }): Decision => ({
  outcome,
  reasons: d.reasons,
  decidedOn: officeDate(d.at),
});

function drafted(d: ProposalDrafted['data']): Proposal {
  return {
    id: d.id,
    status: 'draft',
    title: d.title,
    description: d.description,
    leadTeam: d.leadTeam,
    funderId: d.funderId,
    partnerIds: d.partnerIds,
    requestedAmount: d.requestedAmount,
    awardedAmount: null,
    programme: d.programme,
    submissionDeadline: d.submissionDeadline,
    activityId: d.activityId,
    submittedOn: null,
    late: false,
    lateReason: null,
    decision: null,
    reviewNotes: [],
    resubmissions: [],
    withdrawal: null,
    createdAt: d.at,
    updatedAt: d.at,
  };
}
