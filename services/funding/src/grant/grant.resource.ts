import type { ResourceFold } from '@pmt/event-sourcing';
import type { Money } from '@pmt/kernel';
import type { GrantEvent, GrantOpened, GrantStatus, GrantTotals, TrancheTerms } from './grant';
import { addTo, subtract, zeroOf } from './grant.money';

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
  /** `pending-confirmation` above FOUR_EYES_THRESHOLD until a second staff member confirms it; only `confirmed` counts in totals. */
  status: 'confirmed' | 'pending-confirmation';
  /** Who asked and who confirmed, for disbursements held for four eyes (null otherwise). */
  requestedBy: string | null;
  confirmedBy: string | null;
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

export interface CloseOut {
  reason: string | null;
  undisbursed: Money;
  unspent: Money;
  at: string;
}

/** A grant as the API shows it: plain JSON, every key always present. */
export interface GrantResource {
  id: string;
  status: GrantStatus;
  proposalId: string | null;
  title: string;
  funderId: string;
  partnerIds: string[];
  leadTeam: string | null;
  /** Only its lead team, admins and auditors see it: the services' reads hide it from everyone else. */
  confidential: boolean;
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

/** What the fold holds before the grant is opened (never stored: the first event opens it). */
export type GrantView = { status: 'none' } | GrantResource;

/** The grant resource from its events: the `grants` read model, history `asOf` and diffs. */
export function evolveGrantResource(state: GrantView, event: GrantEvent): GrantView {
  if (event.type === 'GrantOpened') return opened(event.data);
  if (state.status === 'none') return state;
  const g: GrantResource = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'TranchesScheduled': {
      const added = event.data.tranches.map((t) => ({ ...t, disbursed: zeroOf(t.amount), at: event.data.at }));
      const scheduled = added.reduce((sum, t) => addTo(sum, t.amount), g.totals.scheduled);
      return { ...g, tranches: [...g.tranches, ...added], totals: { ...g.totals, scheduled } };
    }
    case 'DisbursementRequested': {
      const { disbursementId: id, amount, disbursedOn, trancheId, requestedBy, at } = event.data;
      const held: Disbursement = {
        id,
        amount,
        disbursedOn,
        trancheId,
        spent: zeroOf(amount),
        status: 'pending-confirmation',
        requestedBy,
        confirmedBy: null,
        at,
      };
      return { ...g, disbursements: [...g.disbursements, held] };
    }
    case 'DisbursementConfirmed':
    case 'FundsDisbursed': {
      const { disbursementId, amount, disbursedOn, trancheId, at } = event.data;
      const disbursed = addTo(g.totals.disbursed, amount);
      const confirmedBy = event.type === 'DisbursementConfirmed' ? event.data.confirmedBy : null;
      const requestedBy = event.type === 'DisbursementConfirmed' ? event.data.requestedBy : null;
      const counted: Disbursement = {
        id: disbursementId,
        amount,
        disbursedOn,
        trancheId,
        spent: zeroOf(amount),
        status: 'confirmed',
        requestedBy,
        confirmedBy,
        at,
      };
      const held = g.disbursements.some((d) => d.id === disbursementId);
      return {
        ...g,
        tranches: g.tranches.map((t) => (t.id === trancheId ? { ...t, disbursed: addTo(t.disbursed, amount) } : t)),
        // a confirmed request keeps its place in the list
        disbursements: held ? g.disbursements.map((d) => (d.id === disbursementId ? counted : d)) : [...g.disbursements, counted],
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
    case 'GrantConfidentialityChanged':
      return { ...g, confidential: event.data.confidential };
    default:
      return state;
  }
}

function opened(d: GrantOpened['data']): GrantResource {
  const zero = zeroOf(d.awardedAmount);
  return {
    id: d.id,
    status: 'open',
    proposalId: d.proposalId,
    title: d.title,
    funderId: d.funderId,
    partnerIds: d.partnerIds,
    leadTeam: d.leadTeam,
    confidential: d.confidential === true,
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

export const grantResource: ResourceFold<GrantEvent, GrantView> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveGrantResource,
};

function addPerCurrency(sums: Money[], amount: Money): Money[] {
  if (!sums.some((s) => s.currency === amount.currency)) return [...sums, amount];
  return sums.map((s) => (s.currency === amount.currency ? addTo(s, amount) : s));
}
