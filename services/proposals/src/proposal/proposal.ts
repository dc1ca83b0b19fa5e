import type { DomainEvent, Money } from '@pmt/kernel';

export const streamIdOf = (id: string): string => `proposal-${id}`;

export type ProposalStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'revision-requested' | 'withdrawn';
export const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['draft', 'submitted', 'approved', 'rejected', 'revision-requested', 'withdrawn'];

/** Still in play: it can be noted on or withdrawn. approved, rejected and withdrawn are final. */
export const OPEN_STATUSES: readonly ('draft' | 'submitted' | 'revision-requested')[] = ['draft', 'submitted', 'revision-requested'];

export type DecisionOutcome = 'approved' | 'rejected' | 'revision-requested';
export const DECISION_OUTCOMES: readonly DecisionOutcome[] = ['approved', 'rejected', 'revision-requested'];

/** Every field a draft may revise (all the create fields); optional ones are null, never missing. */
export interface ProposalTerms {
  title: string;
  description: string | null;
  leadTeam: string;
  funderId: string;
  partnerIds: string[];
  requestedAmount: Money;
  submissionDeadline: string;
  programme: string;
  activityId: string | null;
}

export const ProposalEventType = {
  ProposalDrafted: 'ProposalDrafted',
  ProposalDraftRevised: 'ProposalDraftRevised',
  ProposalReviewNoted: 'ProposalReviewNoted',
  ProposalSubmitted: 'ProposalSubmitted',
  ProposalApproved: 'ProposalApproved',
  ProposalRejected: 'ProposalRejected',
  ProposalRevisionRequested: 'ProposalRevisionRequested',
  ProposalResubmitted: 'ProposalResubmitted',
  ProposalWithdrawn: 'ProposalWithdrawn',
} as const;
export const PROPOSAL_EVENT_TYPES: readonly string[] = Object.values(ProposalEventType);

/** `at` on every event is the command's `now`: the instant the office recorded the change. */
export type ProposalDrafted = DomainEvent<'ProposalDrafted', ProposalTerms & { id: string; at: string }>;
export type ProposalDraftRevised = DomainEvent<
  'ProposalDraftRevised',
  {
    /** Only the fields whose value changed. */
    changes: Partial<ProposalTerms>;
    at: string;
  }
>;
/** An internal review note; `by` is who wrote it (also the event's actor), so the note reads on its own. */
export type ProposalReviewNoted = DomainEvent<'ProposalReviewNoted', { note: string; by: string | null; at: string }>;
export type ProposalSubmitted = DomainEvent<'ProposalSubmitted', { submittedOn: string; late: boolean; lateReason: string | null; at: string }>;
/**
 * Self-contained: the funding service opens a grant from this event alone, so it carries the parties and amounts,
 * not only the proposal's id.
 */
export type ProposalApproved = DomainEvent<
  'ProposalApproved',
  {
    awardedAmount: Money;
    reasons: string[];
    proposalId: string;
    title: string;
    leadTeam: string;
    funderId: string;
    partnerIds: string[];
    requestedAmount: Money;
    at: string;
  }
>;
export type ProposalRejected = DomainEvent<'ProposalRejected', { reasons: string[]; at: string }>;
export type ProposalRevisionRequested = DomainEvent<'ProposalRevisionRequested', { reasons: string[]; at: string }>;
/** `requestedAmount` is the amount now requested, changed or not, so a consumer need not look back. */
export type ProposalResubmitted = DomainEvent<'ProposalResubmitted', { requestedAmount: Money; note: string | null; at: string }>;
export type ProposalWithdrawn = DomainEvent<'ProposalWithdrawn', { reason: string; at: string }>;

export type ProposalEvent =
  | ProposalDrafted
  | ProposalDraftRevised
  | ProposalReviewNoted
  | ProposalSubmitted
  | ProposalApproved
  | ProposalRejected
  | ProposalRevisionRequested
  | ProposalResubmitted
  | ProposalWithdrawn;

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
}

/** Approved, rejected and withdrawn are final: nothing is left to decide. */
export interface ClosedProposal {
  status: 'approved' | 'rejected' | 'withdrawn';
}

export type Proposal = OpenProposal | ClosedProposal;

export const initialState = (): ProposalState => ({ status: 'none' });

export function evolve(state: ProposalState, event: ProposalEvent): ProposalState {
  if (event.type === 'ProposalDrafted') {
    const { at: _at, ...d } = event.data;
    return { ...d, status: 'draft' };
  }
  if (state.status === 'none' || !isOpen(state)) return state;
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
      return { status: 'approved' };
    case 'ProposalRejected':
      return { status: 'rejected' };
    case 'ProposalWithdrawn':
      return { status: 'withdrawn' };
    default:
      // a review note changes nothing decide looks at
      return state;
  }
}

export const isOpen = (p: Proposal): p is OpenProposal => (OPEN_STATUSES as readonly string[]).includes(p.status);
