import { isCalendarDate, isBlank } from '@pmt/kernel';
import type { FieldError } from '@pmt/kernel';

const CURRENCY = /^[A-Z]{3}$/;

/**
 * Errors of an amount of money at `path`: a positive whole number of minor units in an ISO 4217 currency,
 * and, when `currency` is given, that one (a grant keeps one currency for what is awarded, scheduled,
 * disbursed and spent, so its sums stay exact).
 */
export function moneyErrors(value: unknown, path: string, currency?: string): FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path, message: 'must be { amount, currency } with amount in minor units' }];
  }
  const { amount, currency: code } = value as { amount?: unknown; currency?: unknown };
  const errors: FieldError[] = [];
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    errors.push({ path: `${path}.amount`, message: 'must be an integer number of minor units' });
  } else if (amount <= 0) {
    errors.push({ path: `${path}.amount`, message: 'must be more than zero' });
  }
  if (typeof code !== 'string' || !CURRENCY.test(code)) {
    errors.push({ path: `${path}.currency`, message: 'must be an ISO 4217 code like THB' });
  } else if (currency !== undefined && code !== currency) {
    errors.push({ path: `${path}.currency`, message: `must be ${currency}, the grant's currency` });
  }
  return errors;
}

/** A date the office records as having happened: a calendar date, not after today. */
export function pastDateErrors(value: unknown, path: string, today: string): FieldError[] {
  if (!isCalendarDate(value)) return [{ path, message: 'must be a calendar date (YYYY-MM-DD)' }];
  if (value > today) return [{ path, message: `cannot be after today (${today})` }];
  return [];
}

export { isCalendarDate, isBlank };
