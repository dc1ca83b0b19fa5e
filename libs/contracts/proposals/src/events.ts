import type { ConfidentialityChangedData } from '@pmt/contracts-common';
import type { DomainEvent, Money } from '@pmt/kernel';

/** The integration events of the proposals service (`events.proposals.proposal.<type>`, stream `proposal-<id>`; docs/integration-events.md). */

export const PROPOSAL_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'revision-requested', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const DECISION_OUTCOMES = ['approved', 'rejected', 'revision-requested'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

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
  ProposalConfidentialityChanged: 'ProposalConfidentialityChanged',
} as const;
export const PROPOSAL_EVENT_TYPES: readonly string[] = Object.values(ProposalEventType);

/** `at` on every event is the command's `now`: the instant the office recorded the change. */
/** `confidential` is missing on proposals drafted before it existed: read it as false. */
export type ProposalDrafted = DomainEvent<'ProposalDrafted', ProposalTerms & { id: string; confidential?: boolean; at: string }>;
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
    /** The grant opened from it is confidential too (missing before confidentiality existed: false). */
    confidential?: boolean;
    at: string;
  }
>;
export type ProposalRejected = DomainEvent<'ProposalRejected', { reasons: string[]; at: string }>;
export type ProposalRevisionRequested = DomainEvent<'ProposalRevisionRequested', { reasons: string[]; at: string }>;
/** `requestedAmount` is the amount now requested, changed or not, so a consumer need not look back. */
export type ProposalResubmitted = DomainEvent<'ProposalResubmitted', { requestedAmount: Money; note: string | null; at: string }>;
export type ProposalWithdrawn = DomainEvent<'ProposalWithdrawn', { reason: string; at: string }>;
export type ProposalConfidentialityChanged = DomainEvent<'ProposalConfidentialityChanged', ConfidentialityChangedData>;

export type ProposalEvent =
  | ProposalDrafted
  | ProposalDraftRevised
  | ProposalReviewNoted
  | ProposalSubmitted
  | ProposalApproved
  | ProposalRejected
  | ProposalRevisionRequested
  | ProposalResubmitted
  | ProposalWithdrawn
  | ProposalConfidentialityChanged;
