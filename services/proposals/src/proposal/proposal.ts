import type { ProposalEvent, ProposalTerms } from '@pmt/contracts-proposals';

// The events, statuses and terms are the contract's (libs/contracts/proposals): one definition for the service and its consumers.
export { DECISION_OUTCOMES, PROPOSAL_EVENT_TYPES, PROPOSAL_STATUSES, ProposalEventType } from '@pmt/contracts-proposals';
export type {
  DecisionOutcome,
  ProposalApproved,
  ProposalConfidentialityChanged,
  ProposalDraftRevised,
  ProposalDrafted,
  ProposalEvent,
  ProposalRejected,
  ProposalResubmitted,
  ProposalReviewNoted,
  ProposalRevisionRequested,
  ProposalStatus,
  ProposalSubmitted,
  ProposalTerms,
  ProposalWithdrawn,
} from '@pmt/contracts-proposals';

export const streamIdOf = (id: string): string => `proposal-${id}`;

/** Still in play: it can be noted on or withdrawn. approved, rejected and withdrawn are final. */
export const OPEN_STATUSES: readonly ('draft' | 'submitted' | 'revision-requested')[] = ['draft', 'submitted', 'revision-requested'];

/**
 * What `decide` needs of a proposal, and no more: while it is open, its fields (a revision is compared with
 * them, the deadline and amounts are checked, an approval carries them); once closed, only that. The resource
 * (review notes, decision, resubmissions, withdrawal) is proposal.resource.ts.
 */
export type ProposalState = { status: 'none' } | OpenProposal | ClosedProposal;

export type OpenStatus = 'draft' | 'submitted' | 'revision-requested';

export interface OpenProposal extends ProposalTerms {
  status: OpenStatus;
  id: string;
  /** Only its lead team, admins and auditors see it (kernel's visibility). */
  confidential: boolean;
}

/**
 * Approved, rejected and withdrawn are final: nothing is left to decide but who may see it, which needs whether
 * it is confidential and its lead team.
 */
export interface ClosedProposal {
  status: 'approved' | 'rejected' | 'withdrawn';
  confidential: boolean;
  leadTeam: string;
}

export type Proposal = OpenProposal | ClosedProposal;

export const initialState = (): ProposalState => ({ status: 'none' });

export function evolve(state: ProposalState, event: ProposalEvent): ProposalState {
  if (event.type === 'ProposalDrafted') {
    const { at: _at, ...d } = event.data;
    // proposals drafted before confidentiality existed have no `confidential`: open
    return { ...d, confidential: d.confidential === true, status: 'draft' };
  }
  if (state.status === 'none') return state;
  if (event.type === 'ProposalConfidentialityChanged') return { ...state, confidential: event.data.confidential };
  if (!isOpen(state)) return state;
  const closed = (status: ClosedProposal['status']): ClosedProposal => ({ status, confidential: state.confidential, leadTeam: state.leadTeam });
  switch (event.type) {
    case 'ProposalDraftRevised':
      return { ...state, ...event.data.changes };
    case 'ProposalSubmitted':
      return { ...state, status: 'submitted' };
    case 'ProposalRevisionRequested':
      return { ...state, status: 'revision-requested' };
    case 'ProposalResubmitted':
      return { ...state, status: 'submitted', requestedAmount: event.data.requestedAmount };
    case 'ProposalApproved':
      return closed('approved');
    case 'ProposalRejected':
      return closed('rejected');
    case 'ProposalWithdrawn':
      return closed('withdrawn');
    default:
      // a review note changes nothing decide looks at
      return state;
  }
}

export const isOpen = (p: Proposal): p is OpenProposal => (OPEN_STATUSES as readonly string[]).includes(p.status);

/** Who may see the proposal (AggregateDefinition.visibilityOf): a command from anyone else finds no proposal. */
export function proposalVisibility(state: ProposalState): { confidential: boolean; leadTeam: string | null } {
  return state.status === 'none' ? { confidential: false, leadTeam: null } : { confidential: state.confidential, leadTeam: state.leadTeam };
}
