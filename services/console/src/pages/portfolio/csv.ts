// The portfolio as CSV: one row per group and currency, amounts as exact decimals built from minor units (never a
// float), and a totals row, so a spreadsheet adds up to what the page shows.
import { minorDigits, minorToDecimal, type Money } from '../../lib/format';

export interface PortfolioFigures {
  requested: Money[];
  awarded: Money[];
  disbursed: Money[];
  coInvested: Money[];
  proposals: number;
  grants: number;
}

export interface PortfolioGroup extends PortfolioFigures {
  key: string | null;
}

export const MONEY_COLUMNS = ['requested', 'awarded', 'disbursed', 'coInvested'] as const;

/** The currencies a group or the totals carry, sorted. */
export function currenciesOf(figures: PortfolioFigures[]): string[] {
  const set = new Set<string>();
  for (const f of figures) for (const c of MONEY_COLUMNS) for (const m of f[c]) set.add(m.currency);
  return [...set].sort();
}

export function amountIn(values: Money[], currency: string): string {
  const m = values.find((v) => v.currency === currency);
  return minorToDecimal(m ? m.amount : 0, minorDigits(currency));
}

function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `label(key)` names a group (an organisation's name for funder/partner, the team itself); `headers` are translated. */
export function portfolioCsv(
  groups: PortfolioGroup[],
  totals: PortfolioFigures,
  label: (key: string | null) => string,
  headers: { group: string; currency: string; totals: string } & Record<(typeof MONEY_COLUMNS)[number] | 'proposals' | 'grants', string>,
): string {
  const currencies = currenciesOf([...groups, totals]);
  const rows: (string | number)[][] = [[headers.group, headers.currency, ...MONEY_COLUMNS.map((c) => headers[c]), headers.proposals, headers.grants]];
  const add = (name: string, f: PortfolioFigures) => {
    for (const currency of currencies.length ? currencies : ['THB'])
      rows.push([name, currency, ...MONEY_COLUMNS.map((c) => amountIn(f[c], currency)), f.proposals, f.grants]);
  };
  for (const g of groups) add(label(g.key), g);
  add(headers.totals, totals);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
