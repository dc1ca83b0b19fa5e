import { v5 as uuidv5 } from 'uuid';
import type { GrantEvent } from '@pmt/contracts-funding';
import type { Money } from '@pmt/kernel';
import { addTo, subtract, zeroOf } from './grant.money';

export const streamIdOf = (id: string): string => `grant-${id}`;

/**
 * A grant opened for a proposal has the id uuidv5(proposalId, GRANT_NAMESPACE) (docs/integration-events.md):
 * one proposal, one grant, whether it was opened from the approval event or directly with a proposalId.
 * The id is taken in lower case, so `ABC…` and `abc…` are the same proposal and the same grant; lower-case ids
 * (every id the services make) keep the grant ids they always had.
 */
export const GRANT_NAMESPACE = '3b0f6a52-2c1e-4d8a-9f57-0c6e1a7d4b21';
export const grantIdOf = (proposalId: string): string => uuidv5(proposalId.toLowerCase(), GRANT_NAMESPACE);

// The events and statuses are the contract's (libs/contracts/funding): one definition for the service and its consumers.
export { GRANT_EVENT_TYPES, GRANT_STATUSES, GrantEventType } from '@pmt/contracts-funding';
export type {
  CoInvestmentCommitted,
  DisbursementConfirmed,
  DisbursementRequested,
  ExpenditureRecorded,
  FundsDisbursed,
  GrantClosedOut,
  GrantConfidentialityChanged,
  GrantEvent,
  GrantOpened,
  GrantStatus,
  TrancheTerms,
  TranchesScheduled,
} from '@pmt/contracts-funding';

export interface GrantTotals {
  scheduled: Money;
  disbursed: Money;
  spent: Money;
  /** Awarded but not yet disbursed. */
  remaining: Money;
  /** Disbursed but not yet spent. */
  unspent: Money;
  /** Co-investors' money is in their own currency: one sum per currency, in order of first commitment. */
  coInvested: Money[];
}

/**
 * What `decide` needs of a grant, and no more: while open, the award, the tranche ids, the totals the caps are
 * checked against and each disbursement's amount and spending; once closed, who it is and when it closed. The
 * resource (every tranche, disbursement, expenditure, co-investment, the close-out) is grant.resource.ts.
 */
export type GrantState = { status: 'none' } | ActiveGrant | ClosedGrant;

/** Who may see a grant: only its lead team, admins and auditors when it is confidential (kernel's visibility). */
export interface GrantVisibility {
  confidential: boolean;
  leadTeam: string | null;
}

export interface ActiveGrant extends GrantVisibility {
  status: 'open';
  id: string;
  proposalId: string | null;
  awardedAmount: Money;
  trancheIds: string[];
  disbursements: Array<{ id: string; amount: Money; spent: Money }>;
  /** Disbursements above the four-eyes threshold not yet confirmed: counted in no total. */
  pending: Array<{ id: string; amount: Money; disbursedOn: string; trancheId: string | null; requestedBy: string }>;
  totals: Omit<GrantTotals, 'coInvested'>;
  /** Not capped, but summed per currency: kept so that a commitment whose total would leave the exact range is refused. */
  coInvested: Money[];
}

/** The books are shut: nothing more is recorded on it. */
export interface ClosedGrant extends GrantVisibility {
  status: 'closed';
  id: string;
  proposalId: string | null;
  closedAt: string;
}

export type Grant = ActiveGrant | ClosedGrant;

export const initialState = (): GrantState => ({ status: 'none' });

export function evolve(state: GrantState, event: GrantEvent): GrantState {
  if (event.type === 'GrantOpened') {
    const d = event.data;
    const zero = zeroOf(d.awardedAmount);
    return {
      status: 'open',
      id: d.id,
      proposalId: d.proposalId,
      // grants opened before confidentiality existed have no `confidential`: open
      confidential: d.confidential === true,
      leadTeam: d.leadTeam,
      awardedAmount: d.awardedAmount,
      trancheIds: [],
      disbursements: [],
      pending: [],
      coInvested: [],
      totals: { scheduled: zero, disbursed: zero, spent: zero, remaining: d.awardedAmount, unspent: zero },
    };
  }
  if (state.status === 'none') return state;
  if (event.type === 'GrantConfidentialityChanged') return { ...state, confidential: event.data.confidential };
  if (state.status !== 'open') return state;
  const g = state;
  switch (event.type) {
    case 'TranchesScheduled': {
      const scheduled = event.data.tranches.reduce((sum, t) => addTo(sum, t.amount), g.totals.scheduled);
      return { ...g, trancheIds: [...g.trancheIds, ...event.data.tranches.map((t) => t.id)], totals: { ...g.totals, scheduled } };
    }
    case 'DisbursementRequested': {
      const { disbursementId: id, amount, disbursedOn, trancheId, requestedBy } = event.data;
      return { ...g, pending: [...g.pending, { id, amount, disbursedOn, trancheId, requestedBy }] };
    }
    // a confirmed disbursement counts exactly as one that needed no confirmation
    case 'DisbursementConfirmed':
    case 'FundsDisbursed': {
      const { disbursementId, amount } = event.data;
      const disbursed = addTo(g.totals.disbursed, amount);
      return {
        ...g,
        pending: g.pending.filter((p) => p.id !== disbursementId),
        disbursements: [...g.disbursements, { id: disbursementId, amount, spent: zeroOf(amount) }],
        totals: { ...g.totals, disbursed, remaining: subtract(g.awardedAmount, disbursed), unspent: subtract(disbursed, g.totals.spent) },
      };
    }
    case 'ExpenditureRecorded': {
      const { amount, disbursementId } = event.data;
      const spent = addTo(g.totals.spent, amount);
      return {
        ...g,
        disbursements: g.disbursements.map((d) => (d.id === disbursementId ? { ...d, spent: addTo(d.spent, amount) } : d)),
        totals: { ...g.totals, spent, unspent: subtract(g.totals.disbursed, spent) },
      };
    }
    case 'CoInvestmentCommitted': {
      const { amount } = event.data;
      const known = g.coInvested.some((m) => m.currency === amount.currency);
      return { ...g, coInvested: known ? g.coInvested.map((m) => (m.currency === amount.currency ? addTo(m, amount) : m)) : [...g.coInvested, amount] };
    }
    case 'GrantClosedOut':
      return { status: 'closed', id: g.id, proposalId: g.proposalId, confidential: g.confidential, leadTeam: g.leadTeam, closedAt: event.data.at };
    default:
      return state;
  }
}

/** Who may see the grant (AggregateDefinition.visibilityOf): a command from anyone else finds no grant. */
export function grantVisibility(state: GrantState): GrantVisibility {
  return state.status === 'none' ? { confidential: false, leadTeam: null } : { confidential: state.confidential, leadTeam: state.leadTeam };
}
