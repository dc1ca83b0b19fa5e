import type { ConfidentialityChangedData } from '@pmt/contracts-common';
import type { DomainEvent, Money } from '@pmt/kernel';

/** The integration events of the funding service (`events.funding.grant.<type>`, stream `grant-<id>`; docs/integration-events.md). */

export const GRANT_STATUSES = ['open', 'closed'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

export const GrantEventType = {
  GrantOpened: 'GrantOpened',
  TranchesScheduled: 'TranchesScheduled',
  FundsDisbursed: 'FundsDisbursed',
  DisbursementRequested: 'DisbursementRequested',
  DisbursementConfirmed: 'DisbursementConfirmed',
  ExpenditureRecorded: 'ExpenditureRecorded',
  CoInvestmentCommitted: 'CoInvestmentCommitted',
  GrantClosedOut: 'GrantClosedOut',
  GrantConfidentialityChanged: 'GrantConfidentialityChanged',
} as const;
export const GRANT_EVENT_TYPES: readonly string[] = Object.values(GrantEventType);

export interface TrancheTerms {
  id: string;
  dueOn: string;
  amount: Money;
}

/** `at` on every event is the command's `now`: the instant the office recorded the change. */
export type GrantOpened = DomainEvent<
  'GrantOpened',
  {
    id: string;
    proposalId: string | null;
    title: string;
    funderId: string;
    partnerIds: string[];
    leadTeam: string | null;
    awardedAmount: Money;
    startsOn: string;
    endsOn: string;
    /** Missing on grants opened before confidentiality existed: false. */
    confidential?: boolean;
    at: string;
  }
>;
export type TranchesScheduled = DomainEvent<'TranchesScheduled', { tranches: TrancheTerms[]; at: string }>;
export type FundsDisbursed = DomainEvent<
  'FundsDisbursed',
  { disbursementId: string; amount: Money; disbursedOn: string; trancheId: string | null; at: string }
>;
/**
 * Four eyes on money: a disbursement above FOUR_EYES_THRESHOLD is only requested (it counts nowhere) until a second
 * staff member confirms it. The confirmation repeats the disbursement's facts so that folds count it from that event alone.
 */
export type DisbursementRequested = DomainEvent<
  'DisbursementRequested',
  { disbursementId: string; amount: Money; disbursedOn: string; trancheId: string | null; requestedBy: string; threshold: number; at: string }
>;
export type DisbursementConfirmed = DomainEvent<
  'DisbursementConfirmed',
  { disbursementId: string; amount: Money; disbursedOn: string; trancheId: string | null; requestedBy: string; confirmedBy: string; at: string }
>;
export type ExpenditureRecorded = DomainEvent<
  'ExpenditureRecorded',
  { expenditureId: string; amount: Money; spentOn: string; category: string; disbursementId: string | null; at: string }
>;
export type CoInvestmentCommitted = DomainEvent<
  'CoInvestmentCommitted',
  { coInvestmentId: string; organisationId: string; amount: Money; committedOn: string; at: string }
>;
/** `undisbursed` and `unspent` are the money not accounted for when the grant was closed. */
export type GrantClosedOut = DomainEvent<'GrantClosedOut', { reason: string | null; undisbursed: Money; unspent: Money; at: string }>;
export type GrantConfidentialityChanged = DomainEvent<'GrantConfidentialityChanged', ConfidentialityChangedData>;

export type GrantEvent =
  | GrantOpened
  | TranchesScheduled
  | FundsDisbursed
  | DisbursementRequested
  | DisbursementConfirmed
  | ExpenditureRecorded
  | CoInvestmentCommitted
  | GrantClosedOut
  | GrantConfidentialityChanged;

/** An event of `grant-<id>` as another service receives it: one of this contract's types with its data. */
export type IncomingGrantEvent = { [T in GrantEvent['type']]: { type: T; data: Extract<GrantEvent, { type: T }>['data'] } }[GrantEvent['type']];

/** The event typed by this contract, or null for a type it does not define; consumers still read its data leniently. */
export function grantEventOf(e: { type: string; data: unknown }): IncomingGrantEvent | null {
  const data = e.data !== null && typeof e.data === 'object' && !Array.isArray(e.data) ? e.data : {};
  return GRANT_EVENT_TYPES.includes(e.type) ? ({ type: e.type, data } as IncomingGrantEvent) : null;
}
