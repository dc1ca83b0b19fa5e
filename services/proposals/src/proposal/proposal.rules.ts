import { isCalendarDate, isBlank, partnerErrors as funderPartnerErrors } from '@pmt/kernel';
import type { FieldError, Money } from '@pmt/kernel';
import type { ProposalTerms } from './proposal';

/**
 * Money the office asks for or is given: a positive whole number of minor units (a float is a rounding error
 * waiting to happen) in an ISO 4217 currency, and, when `currency` is given, that one (no mixed currencies).
 */
export function amountErrors(path: string, m: Money | null | undefined, currency?: string): FieldError[] {
  if (typeof m !== 'object' || m === null) return [{ path, message: 'is required' }];
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(m.amount) || m.amount <= 0) {
    errors.push({ path: `${path}.amount`, message: 'must be a whole number of minor units greater than zero' });
  }
  if (typeof m.currency !== 'string' || !/^[A-Z]{3}$/.test(m.currency)) {
    errors.push({ path: `${path}.currency`, message: 'must be an ISO 4217 code like THB' });
  } else if (currency !== undefined && m.currency !== currency) {
    errors.push({ path: `${path}.currency`, message: `must be ${currency}, the currency of the amount requested` });
  }
  return errors;
}

/** Rules on whichever terms are present, each on its own; the partners against the funder are `partnerErrors`. */
export function termErrors(t: Partial<ProposalTerms>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['title', 'leadTeam', 'programme', 'funderId'] as const) {
    if (t[field] !== undefined && isBlank(t[field])) errors.push({ path: field, message: 'is required' });
  }
  if (t.submissionDeadline !== undefined && !isCalendarDate(t.submissionDeadline)) {
    errors.push({ path: 'submissionDeadline', message: 'must be a calendar date (YYYY-MM-DD)' });
  }
  if (t.requestedAmount !== undefined) errors.push(...amountErrors('requestedAmount', t.requestedAmount));
  if (t.activityId !== undefined && t.activityId !== null && isBlank(t.activityId)) {
    errors.push({ path: 'activityId', message: 'must be an id or null' });
  }
  return errors;
}

/** Partners are other organisations than the funder, each named once: the kernel's rule, shared with grants. */
export function partnerErrors(partnerIds: string[], funderId: string | undefined): FieldError[] {
  if (!Array.isArray(partnerIds)) return [{ path: 'partnerIds', message: 'must be a list of organisation ids' }];
  return funderPartnerErrors(partnerIds, funderId);
}

/** The reasons a funder gave: text, none blank; `required` when the outcome must say why. */
export function reasonErrors(reasons: unknown, required: boolean): FieldError[] {
  if (reasons === undefined || reasons === null) return required ? [{ path: 'reasons', message: 'give at least one reason' }] : [];
  if (!Array.isArray(reasons)) return [{ path: 'reasons', message: 'must be a list of reasons' }];
  if (required && reasons.length === 0) return [{ path: 'reasons', message: 'give at least one reason' }];
  return reasons.flatMap((r, i) => (isBlank(r) ? [{ path: `reasons[${i}]`, message: 'must not be blank' }] : []));
}

export { isCalendarDate, isBlank };
