import { addMinorUnits, type Money } from '@pmt/kernel';

/** A usable amount from an event: integer minor units, not negative, an ISO 4217 code; anything else is null. */
export function moneyOrNull(value: unknown): Money | null {
  if (!value || typeof value !== 'object') return null;
  const { amount, currency } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(amount) || (amount as number) < 0) return null;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return null;
  return { amount: amount as number, currency };
}

/**
 * Sums per currency of `a` and `sign` times each amount of `b`: sorted by currency, zero sums left out, so that
 * equal totals always have one form whatever order they were added in.
 */
export function addSums(a: readonly Money[], b: readonly Money[], sign: 1 | -1 = 1): Money[] {
  const sums = new Map<string, number>();
  for (const m of a) sums.set(m.currency, addMinorUnits(sums.get(m.currency) ?? 0, m.amount, m.currency));
  for (const m of b) sums.set(m.currency, addMinorUnits(sums.get(m.currency) ?? 0, sign * m.amount, m.currency));
  return [...sums.entries()]
    .filter(([, amount]) => amount !== 0)
    .sort(([x], [y]) => compareText(x, y))
    .map(([currency, amount]) => ({ amount, currency }));
}

/** The sums of a list of amounts. */
export const sumsOf = (amounts: readonly (Money | null)[]): Money[] =>
  addSums(
    [],
    amounts.filter((m): m is Money => m !== null),
  );

/** By code unit, never by locale: the order must be the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
