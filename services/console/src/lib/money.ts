// Money arithmetic for pages that add amounts up (grant bars, portfolio totals): integer minor units as BigInt, never
// a float, so every figure shown adds up to the satang.
import { decimalToMinor, minorDigits, minorToDecimal, type Money } from './format';

/** The minor units of a money value as BigInt (the API sends integers; a string is accepted as well). */
export function minor(money: Money | null | undefined): bigint {
  return money ? BigInt(money.amount) : 0n;
}

/** Sums money of one currency; a different currency is an error rather than a silently wrong total. */
export function sumMoney(values: Money[], currency: string): bigint {
  return values.reduce((total, m) => {
    if (m.currency !== currency) throw new Error(`cannot add ${m.currency} to ${currency}`);
    return total + BigInt(m.amount);
  }, 0n);
}

/**
 * What a user typed in a money field ("1,250,000.50") -> the API's `{ amount, currency }` in minor units. Text that is
 * not an amount goes through as it is, so the API refuses it with a message beside the field.
 */
export function moneyFromInput(text: unknown, currency: string): unknown {
  if (typeof text !== 'string') return text;
  const units = decimalToMinor(text, minorDigits(currency));
  if (units === null) return text;
  return { amount: units <= BigInt(Number.MAX_SAFE_INTEGER) && units >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(units) : units.toString(), currency };
}

/** Minor units -> the plain decimal a money field starts with ("1250000.50"). */
export function moneyToInput(money: Money | null | undefined): string {
  return money ? minorToDecimal(money.amount, minorDigits(money.currency)) : '';
}
