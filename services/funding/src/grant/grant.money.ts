import { addMoney, type Money } from '@pmt/kernel';

export const zeroOf = (m: Money): Money => ({ amount: 0, currency: m.currency });

/** Same-currency sum; the decider refuses other currencies before anything is added. */
export const addTo = (a: Money, b: Money): Money => addMoney(a, b);

export const subtract = (a: Money, b: Money): Money => addMoney(a, { amount: -b.amount, currency: b.currency });

export const sumOf = (amounts: Money[], currency: string): Money => amounts.reduce(addTo, { amount: 0, currency });

/** Minor-unit digits of a currency (THB 2, JPY 0), as ICU knows them; 2 for a code it does not know. */
function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * `1,500,000.00 THB` for { amount: 150000000, currency: 'THB' }: what a 409 tells people. Integer arithmetic
 * throughout, so a large amount is never rounded on its way into a message.
 */
export function formatMoney({ amount, currency }: Money): string {
  const digits = minorDigits(currency);
  const units = BigInt(Math.abs(amount));
  const scale = BigInt(10) ** BigInt(digits);
  const whole = (units / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${(units % scale).toString().padStart(digits, '0')}` : '';
  return `${amount < 0 ? '-' : ''}${whole}${fraction} ${currency}`;
}
