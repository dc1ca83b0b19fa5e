import type { ResourceFold } from '@pmt/event-sourcing';
import { officeDate, type Money } from '@pmt/kernel';
import type { DecisionOutcome, ProposalDrafted, ProposalEvent, ProposalStatus, ProposalTerms } from './proposal';

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

/** A proposal as the API shows it: plain JSON, every key always present. */
export interface ProposalResource extends ProposalTerms {
  id: string;
  status: ProposalStatus;
  /** Only its lead team, admins and auditors see it: the services' reads hide it from everyone else. */
  confidential: boolean;
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

/** What the fold holds before the proposal is drafted (never stored: the first event drafts it). */
export type ProposalView = { status: 'none' } | ProposalResource;

/** The proposal resource from its events: the `proposals` read model, history `asOf` and diffs. */
export function evolveProposalResource(state: ProposalView, event: ProposalEvent): ProposalView {
  if (event.type === 'ProposalDrafted') return drafted(event.data);
  if (state.status === 'none') return state;
  const s: ProposalResource = { ...state, updatedAt: event.data.at };
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
    case 'ProposalConfidentialityChanged':
      return { ...s, confidential: event.data.confidential };
    default:
      return state;
  }
}

export const proposalResource: ResourceFold<ProposalEvent, ProposalView> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveProposalResource,
};

/** Decided on the office's date of `at`: a decision recorded at 01:00 in Bangkok is that Bangkok day's. */
const decision = (outcome: DecisionOutcome, d: { reasons: string[]; at: string }): Decision => ({
  outcome,
  reasons: d.reasons,
  decidedOn: officeDate(d.at),
});

function drafted(d: ProposalDrafted['data']): ProposalResource {
  return {
    id: d.id,
    status: 'draft',
    confidential: d.confidential === true,
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
