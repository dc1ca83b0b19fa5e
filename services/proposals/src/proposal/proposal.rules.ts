import { isCalendarDate, isBlank, partnerErrors as funderPartnerErrors } from '@pmt/kernel';
import type { FieldError, Money } from '@pmt/kernel';
import { DECISION_OUTCOMES, type ProposalTerms } from './proposal';

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

/**
 * What each outcome needs: an approval its awardedAmount, a rejection or a request for revision at least one
 * reason (and no amount); no reason blank. Read from raw data too: the routes join it with the schema's errors in
 * one 400, so a field of the wrong type is left to the schema.
 */
export function outcomeErrors(data: unknown): FieldError[] {
  const d = (typeof data === 'object' && data !== null ? data : {}) as { outcome?: unknown; awardedAmount?: unknown; reasons?: unknown };
  if (!(DECISION_OUTCOMES as readonly unknown[]).includes(d.outcome)) return [];
  const errors: FieldError[] = [];
  if (d.outcome === 'approved') {
    if (d.awardedAmount === undefined || d.awardedAmount === null) errors.push({ path: 'awardedAmount', message: 'is required when the outcome is approved' });
  } else {
    if (d.awardedAmount !== undefined && d.awardedAmount !== null)
      errors.push({ path: 'awardedAmount', message: 'is given only when the outcome is approved' });
    if (!Array.isArray(d.reasons) || d.reasons.length === 0)
      errors.push({ path: 'reasons', message: `give at least one reason when the outcome is ${d.outcome}` });
  }
  if (Array.isArray(d.reasons)) d.reasons.forEach((r, i) => isBlank(r) && errors.push({ path: `reasons[${i}]`, message: 'must not be blank' }));
  return errors;
}

/**
 * Partners are other organisations than the funder, each named once (the kernel's rule), read from raw data for the
 * routes' one 400; a revision that names no funder is checked against the proposal's own by the decider.
 */
export function partnerRuleErrors(data: unknown): FieldError[] {
  const d = (typeof data === 'object' && data !== null ? data : {}) as { funderId?: unknown; partnerIds?: unknown };
  if (!Array.isArray(d.partnerIds)) return [];
  return funderPartnerErrors(d.partnerIds, typeof d.funderId === 'string' ? d.funderId : undefined);
}

export { isCalendarDate, isBlank };
