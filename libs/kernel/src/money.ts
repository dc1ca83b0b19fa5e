import { CodedError, invalid } from './errors';

/** Integer minor units (satang for THB) and an ISO 4217 code. Never a float. */
export interface Money {
  amount: number;
  currency: string;
}

export const DEFAULT_CURRENCY = 'THB';

export function money(amount: number, currency = DEFAULT_CURRENCY): Money {
  assertMoney({ amount, currency });
  return { amount, currency };
}

export function assertMoney(m: Money, path = 'amount'): void {
  if (!Number.isSafeInteger(m.amount))
    throw invalid('MONEY.INVALID', `${path} must be an integer number of minor units`, [{ path, message: 'must be an integer number of minor units' }]);
  if (!/^[A-Z]{3}$/.test(m.currency))
    throw invalid('MONEY.INVALID', `${path} currency must be an ISO 4217 code`, [{ path: `${path}.currency`, message: 'must be an ISO 4217 code' }]);
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw invalid('MONEY.CURRENCY_MISMATCH', `cannot add ${b.currency} to ${a.currency}`);
  return { amount: addMinorUnits(a.amount, b.amount, a.currency), currency: a.currency };
}

/**
 * `a + b` in minor units, exactly or not at all: past Number.MAX_SAFE_INTEGER (about 90 trillion baht in satang) a
 * double rounds, and a total that is silently off by a few satang is worse than a refusal (422 MONEY.OVERFLOW).
 */
export function addMinorUnits(a: number, b: number, currency: string): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    throw new CodedError(
      'MONEY.OVERFLOW',
      'unprocessable',
      `a total in ${currency} would exceed ${Number.MAX_SAFE_INTEGER} minor units, the largest amount kept exactly`,
    );
  }
  return sum;
}
