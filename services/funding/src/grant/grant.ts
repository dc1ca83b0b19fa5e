import { v5 as uuidv5 } from 'uuid';
import type { GrantEvent, GrantOpened, GrantStatus, TrancheTerms } from '@pmt/contracts-funding';
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
export type { CoInvestmentCommitted, ExpenditureRecorded, FundsDisbursed, GrantClosedOut, GrantEvent, GrantOpened, GrantStatus, TrancheTerms, TranchesScheduled } from '@pmt/contracts-funding';

export interface Tranche extends TrancheTerms {
  /** Disbursed against this tranche so far. */
  disbursed: Money;
  at: string;
}

export interface Disbursement {
  id: string;
  amount: Money;
  disbursedOn: string;
  trancheId: string | null;
  /** Expenditures recorded against this disbursement so far. */
  spent: Money;
  at: string;
}

export interface Expenditure {
  id: string;
  amount: Money;
  spentOn: string;
  category: string;
  disbursementId: string | null;
  at: string;
}

export interface CoInvestment {
  id: string;
  organisationId: string;
  amount: Money;
  committedOn: string;
  at: string;
}

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

export interface CloseOut {
  reason: string | null;
  undisbursed: Money;
  unspent: Money;
  at: string;
}

/** A grant as read: plain JSON, every key always present. */
export interface Grant {
  id: string;
  status: GrantStatus;
  proposalId: string | null;
  title: string;
  funderId: string;
  partnerIds: string[];
  leadTeam: string | null;
  awardedAmount: Money;
  startsOn: string;
  endsOn: string;
  tranches: Tranche[];
  disbursements: Disbursement[];
  expenditures: Expenditure[];
  coInvestments: CoInvestment[];
  totals: GrantTotals;
  closeOut: CloseOut | null;
  createdAt: string;
  updatedAt: string;
}

export type GrantState = { status: 'none' } | Grant;

export const initialState = (): GrantState => ({ status: 'none' });

export function evolve(state: GrantState, event: GrantEvent): GrantState {
  if (event.type === 'GrantOpened') return opened(event.data);
  if (state.status === 'none') return state;
  const g: Grant = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'TranchesScheduled': {
      const added = event.data.tranches.map((t) => ({ ...t, disbursed: zeroOf(t.amount), at: event.data.at }));
      const scheduled = added.reduce((sum, t) => addTo(sum, t.amount), g.totals.scheduled);
      return { ...g, tranches: [...g.tranches, ...added], totals: { ...g.totals, scheduled } };
    }
    case 'FundsDisbursed': {
      const { disbursementId, amount, disbursedOn, trancheId, at } = event.data;
      const disbursed = addTo(g.totals.disbursed, amount);
      return {
        ...g,
        tranches: g.tranches.map((t) => (t.id === trancheId ? { ...t, disbursed: addTo(t.disbursed, amount) } : t)),
        disbursements: [...g.disbursements, { id: disbursementId, amount, disbursedOn, trancheId, spent: zeroOf(amount), at }],
        totals: { ...g.totals, disbursed, remaining: subtract(g.awardedAmount, disbursed), unspent: subtract(disbursed, g.totals.spent) },
      };
    }
    case 'ExpenditureRecorded': {
      const { expenditureId, amount, spentOn, category, disbursementId, at } = event.data;
      const spent = addTo(g.totals.spent, amount);
      return {
        ...g,
        disbursements: g.disbursements.map((d) => (d.id === disbursementId ? { ...d, spent: addTo(d.spent, amount) } : d)),
        expenditures: [...g.expenditures, { id: expenditureId, amount, spentOn, category, disbursementId, at }],
        totals: { ...g.totals, spent, unspent: subtract(g.totals.disbursed, spent) },
      };
    }
    case 'CoInvestmentCommitted': {
      const { coInvestmentId, organisationId, amount, committedOn, at } = event.data;
      return {
        ...g,
        coInvestments: [...g.coInvestments, { id: coInvestmentId, organisationId, amount, committedOn, at }],
        totals: { ...g.totals, coInvested: addPerCurrency(g.totals.coInvested, amount) },
      };
    }
    case 'GrantClosedOut': {
      const { reason, undisbursed, unspent, at } = event.data;
      return { ...g, status: 'closed', closeOut: { reason, undisbursed, unspent, at } };
    }
    default:
      return state;
  }
}

function opened(d: GrantOpened['data']): Grant {
  const zero = zeroOf(d.awardedAmount);
  return {
    id: d.id,
    status: 'open',
    proposalId: d.proposalId,
    title: d.title,
    funderId: d.funderId,
    partnerIds: d.partnerIds,
    leadTeam: d.leadTeam,
    awardedAmount: d.awardedAmount,
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    tranches: [],
    disbursements: [],
    expenditures: [],
    coInvestments: [],
    totals: { scheduled: zero, disbursed: zero, spent: zero, remaining: d.awardedAmount, unspent: zero, coInvested: [] },
    closeOut: null,
    createdAt: d.at,
    updatedAt: d.at,
  };
}

function addPerCurrency(sums: Money[], amount: Money): Money[] {
  if (!sums.some((s) => s.currency === amount.currency)) return [...sums, amount];
  return sums.map((s) => (s.currency === amount.currency ? addTo(s, amount) : s));
}
