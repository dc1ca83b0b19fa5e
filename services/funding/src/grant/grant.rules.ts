import { isCalendarDate, isBlank, partnerErrors } from '@pmt/kernel';
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

type TermFields = { funderId?: unknown; partnerIds?: unknown; startsOn?: unknown; endsOn?: unknown };
const fieldsOf = (data: unknown) => (typeof data === 'object' && data !== null ? data : {}) as TermFields;

/** Each partner once and not the funder: the kernel's rule, shared with proposals. */
export function grantPartnerRuleErrors(data: unknown): FieldError[] {
  const d = fieldsOf(data);
  return Array.isArray(d.partnerIds) ? partnerErrors(d.partnerIds, typeof d.funderId === 'string' ? d.funderId : undefined, 'must be an organisation id') : [];
}

/** A period that does not end before it starts. */
export function grantPeriodErrors(data: unknown): FieldError[] {
  const { startsOn, endsOn } = fieldsOf(data);
  return isCalendarDate(startsOn) && isCalendarDate(endsOn) && endsOn < startsOn
    ? [{ path: 'endsOn', message: `must be on or after startsOn (${startsOn})` }]
    : [];
}

/**
 * A grant's rules across fields, read from raw data too: the routes join them with the schema's errors in one 400,
 * so a field of the wrong type is left to the schema. The decider applies the same two.
 */
export const grantTermRuleErrors = (data: unknown): FieldError[] => [...grantPartnerRuleErrors(data), ...grantPeriodErrors(data)];
