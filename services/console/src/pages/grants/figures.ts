// A grant's money as figures that add up: awarded = disbursed + not yet disbursed, disbursed = spent + unspent.
// Computed from the grant's own lists in BigInt minor units and checked against the API's totals, so a bar or a figure
// that does not add up is shown as such instead of silently.
import type { Money } from '../../lib/format';
import { minor, sumMoney } from '../../lib/money';
import type { GrantDetail } from './types';

export interface GrantFigures {
  currency: string;
  awarded: bigint;
  scheduled: bigint;
  disbursed: bigint;
  remaining: bigint;
  spent: bigint;
  unspent: bigint;
  /** Co-investment in the grant's currency (what the bars can stand beside the award). */
  coInvested: bigint;
  /** Co-investment in other currencies, shown apart: they cannot be added to the award. */
  coInvestedOther: Money[];
  /** False when the grant's lists and the API's totals disagree. */
  consistent: boolean;
}

export function grantFigures(grant: GrantDetail): GrantFigures {
  const currency = grant.awardedAmount.currency;
  const awarded = minor(grant.awardedAmount);
  const disbursed = sumMoney(
    // a disbursement waiting for a second staff member's confirmation (four eyes) is not money paid out yet
    grant.disbursements.filter((d) => d.status !== 'pending-confirmation').map((d) => d.amount),
    currency,
  );
  const spent = sumMoney(
    grant.expenditures.map((e) => e.amount),
    currency,
  );
  const scheduled = sumMoney(
    grant.tranches.map((t) => t.amount),
    currency,
  );
  const byCurrency = new Map<string, bigint>();
  for (const c of grant.coInvestments) byCurrency.set(c.amount.currency, (byCurrency.get(c.amount.currency) ?? 0n) + minor(c.amount));
  const coInvested = byCurrency.get(currency) ?? 0n;
  const coInvestedOther = [...byCurrency].filter(([c]) => c !== currency).map(([c, amount]) => ({ currency: c, amount: amount.toString() }));
  const totals = grant.totals;
  const consistent =
    !totals ||
    (minor(totals.disbursed) === disbursed &&
      minor(totals.spent) === spent &&
      minor(totals.remaining) === awarded - disbursed &&
      minor(totals.unspent) === disbursed - spent);
  return {
    currency,
    awarded,
    scheduled,
    disbursed,
    remaining: awarded - disbursed,
    spent,
    unspent: disbursed - spent,
    coInvested,
    coInvestedOther,
    consistent,
  };
}

/** The bars: one per figure, in major units as a decimal string for the chart's axis, and the exact minor units for labels. */
export function grantBars(f: GrantFigures): { key: 'awarded' | 'disbursed' | 'spent' | 'coInvested'; minor: bigint }[] {
  return [
    { key: 'awarded', minor: f.awarded },
    { key: 'disbursed', minor: f.disbursed },
    { key: 'spent', minor: f.spent },
    { key: 'coInvested', minor: f.coInvested },
  ];
}
