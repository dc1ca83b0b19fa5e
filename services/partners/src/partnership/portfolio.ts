import { addMinorUnits, type Money } from '@pmt/kernel';
import { compareText } from './money-sums';
import type { GrantFacts, ProposalFacts } from './partnership';

export const GROUP_BY = ['funder', 'partner', 'team'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export const DEFAULT_PORTFOLIO_PAGE = 50;
export const MAX_PORTFOLIO_PAGE = 500;

export interface PortfolioQuery {
  groupBy: GroupBy;
  /** Calendar dates, both inclusive; null is open-ended. */
  from: string | null;
  to: string | null;
  /** Groups per page. */
  limit: number;
  /** The last key of the previous page: the page starts after it. Undefined for the first page. */
  after?: string | null;
}

export interface PortfolioFigures {
  requested: Money[];
  awarded: Money[];
  disbursed: Money[];
  coInvested: Money[];
  /** Proposals first submitted in the period. */
  proposals: number;
  /** Grants opened in the period. */
  grants: number;
}

export interface PortfolioGroup extends PortfolioFigures {
  /** The funder's or partner's organisation id, or the lead team; null for a proposal or grant without one. */
  key: string | null;
}

export interface Portfolio {
  groupBy: GroupBy;
  from: string | null;
  to: string | null;
  /** One page of groups, sorted by key (null last). */
  groups: PortfolioGroup[];
  /** The last key of this page when more groups follow, else null (the transport turns it into a cursor). */
  nextAfter: { key: string | null } | null;
  /** Every proposal and grant once, whichever groups it falls in; over all groups, not only this page. */
  totals: PortfolioFigures;
}

/** Money facts of one proposal or grant inside the period. */
interface Facts {
  requested: Money | null;
  awarded: Money | null;
  disbursed: Money[];
  coInvested: Money[];
  proposals: number;
  grants: number;
}

/** Running sums per currency; plain maps, because a portfolio adds up tens of thousands of facts. */
class Sums {
  readonly requested = new Map<string, number>();
  readonly awarded = new Map<string, number>();
  readonly disbursed = new Map<string, number>();
  readonly coInvested = new Map<string, number>();
  proposals = 0;
  grants = 0;

  add(f: Facts): void {
    if (f.requested) addTo(this.requested, f.requested);
    if (f.awarded) addTo(this.awarded, f.awarded);
    for (const m of f.disbursed) addTo(this.disbursed, m);
    for (const m of f.coInvested) addTo(this.coInvested, m);
    this.proposals += f.proposals;
    this.grants += f.grants;
  }

  figures(): PortfolioFigures {
    return {
      requested: moneyOf(this.requested),
      awarded: moneyOf(this.awarded),
      disbursed: moneyOf(this.disbursed),
      coInvested: moneyOf(this.coInvested),
      proposals: this.proposals,
      grants: this.grants,
    };
  }
}

// exact or an error (422 MONEY.OVERFLOW), never a rounded total
const addTo = (sums: Map<string, number>, m: Money) => sums.set(m.currency, addMinorUnits(sums.get(m.currency) ?? 0, m.amount, m.currency));

const moneyOf = (sums: Map<string, number>): Money[] =>
  [...sums.entries()]
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => compareText(a, b))
    .map(([currency, amount]) => ({ amount, currency }));

/** Keys in answer order: by code unit, null last. */
export const compareKeys = (a: string | null, b: string | null): number => (a === b ? 0 : a === null ? 1 : b === null ? -1 : compareText(a, b));

/**
 * Adds up the money facts dated inside the period, per group: requested on the proposal's first submission
 * date, awarded on the approval date (or, for a grant opened without a proposal, the date it was opened),
 * disbursed on disbursedOn, co-invested on committedOn. Sums are exact per currency.
 */
export function portfolioOf(query: PortfolioQuery, proposals: readonly ProposalFacts[], grants: readonly GrantFacts[]): Portfolio {
  const inPeriod = (date: string | null) => date !== null && (query.from === null || date >= query.from) && (query.to === null || date <= query.to);
  const groups = new Map<string | null, Sums>();
  const totals = new Sums();
  const count = (keys: (string | null)[], f: Facts) => {
    if (f.proposals === 0 && f.grants === 0 && !f.requested && !f.awarded && f.disbursed.length === 0 && f.coInvested.length === 0) return;
    totals.add(f);
    for (const key of new Set(keys)) {
      let sums = groups.get(key);
      if (!sums) groups.set(key, (sums = new Sums()));
      sums.add(f);
    }
  };

  for (const p of proposals) {
    const submitted = inPeriod(p.submittedOn);
    count(keysOf(query.groupBy, p), {
      requested: submitted ? p.requested : null,
      awarded: p.status === 'approved' && inPeriod(p.decidedOn) ? p.awarded : null,
      disbursed: [],
      coInvested: [],
      proposals: submitted ? 1 : 0,
      grants: 0,
    });
  }
  for (const g of grants) {
    const opened = inPeriod(g.openedOn);
    count(keysOf(query.groupBy, g), {
      requested: null,
      // A grant opened from a proposal is that proposal's award, counted on its approval.
      awarded: opened && g.proposalId === null ? g.awarded : null,
      disbursed: g.disbursements.filter((d) => inPeriod(d.on)).map((d) => d.amount),
      coInvested: g.coInvestments.filter((c) => inPeriod(c.on)).map((c) => c.amount),
      proposals: 0,
      grants: opened ? 1 : 0,
    });
  }

  const keys = [...groups.keys()].sort(compareKeys);
  const start = query.after === undefined ? 0 : keys.findIndex((k) => compareKeys(k, query.after as string | null) > 0);
  const page = start < 0 ? [] : keys.slice(start, start + query.limit);
  const more = start >= 0 && start + query.limit < keys.length;
  return {
    groupBy: query.groupBy,
    from: query.from,
    to: query.to,
    groups: page.map((key) => ({ key, ...(groups.get(key) as Sums).figures() })),
    nextAfter: more ? { key: page[page.length - 1] } : null,
    totals: totals.figures(),
  };
}

function keysOf(groupBy: GroupBy, x: { funderId: string | null; partnerIds: string[]; leadTeam: string | null }): (string | null)[] {
  if (groupBy === 'funder') return [x.funderId];
  if (groupBy === 'team') return [x.leadTeam];
  return x.partnerIds;
}
