import { invalid } from './errors';

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
  return { amount: a.amount + b.amount, currency: a.currency };
}
