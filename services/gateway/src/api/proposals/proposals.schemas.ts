import type { FieldError } from '@pmt/kernel';
import { DECISION_OUTCOMES } from '@pmt/contracts-proposals';

// The shapes are the contract's (libs/contracts/proposals); what is left here are cross-field rules that belong to the service's decider.
export * from '@pmt/contracts-proposals';

/**
 * Cross-field rules, read from the raw body rather than inside zod: zod skips an object's refinements once a
 * nested check like an integer amount has failed, and one 400 must name every bad field.
 */
export function partnerIssues(raw: unknown): FieldError[] {
  const body = raw as { funderId?: unknown; partnerIds?: unknown } | null;
  if (!body || typeof body !== 'object' || !Array.isArray(body.partnerIds)) return [];
  const errors: FieldError[] = [];
  const seen = new Map<unknown, number>();
  body.partnerIds.forEach((id: unknown, i) => {
    if (typeof id !== 'string') return;
    if (body.funderId !== undefined && id === body.funderId)
      errors.push({ path: `partnerIds[${i}]`, message: 'is the funder; a funder is not also a partner' });
    const first = seen.get(id);
    if (first !== undefined) errors.push({ path: `partnerIds[${i}]`, message: `is already a partner (partnerIds[${first}])` });
    else seen.set(id, i);
  });
  return errors;
}

/** What each outcome needs, from the raw body like `partnerIssues`. */
export function outcomeIssues(raw: unknown): FieldError[] {
  const body = raw as { outcome?: unknown; awardedAmount?: unknown; reasons?: unknown } | null;
  if (!body || typeof body !== 'object' || !(DECISION_OUTCOMES as readonly unknown[]).includes(body.outcome)) return [];
  if (body.outcome === 'approved') {
    return body.awardedAmount === undefined ? [{ path: 'awardedAmount', message: 'is required when the outcome is approved' }] : [];
  }
  const errors: FieldError[] = [];
  if (body.awardedAmount !== undefined) errors.push({ path: 'awardedAmount', message: 'is given only when the outcome is approved' });
  if (!Array.isArray(body.reasons) || body.reasons.length === 0) {
    errors.push({ path: 'reasons', message: `give at least one reason when the outcome is ${body.outcome}` });
  }
  return errors;
}
