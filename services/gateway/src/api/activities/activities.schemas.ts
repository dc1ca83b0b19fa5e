import { instant } from '@pmt/contracts-common';
import type { FieldError } from '@pmt/kernel';

// The shapes are the contract's (libs/contracts/events); what is left here are cross-field rules that belong to the service's decider.
export * from '@pmt/contracts-events';

/**
 * Cross-field rules, read from the raw body rather than inside zod: zod skips an object's refinements once a
 * field has failed, and one 400 must name every bad field.
 */
export function activityIssues(raw: unknown, slotOptional: boolean): FieldError[] {
  const body = raw as Record<string, unknown> | null;
  if (!body || typeof body !== 'object') return [];
  return [...duplicateIssues(body.organisationIds), ...slotIssues(body.startsAt, body.endsAt, slotOptional)];
}

function duplicateIssues(ids: unknown): FieldError[] {
  if (!Array.isArray(ids)) return [];
  const seen = new Map<unknown, number>();
  return ids.flatMap((id: unknown, i) => {
    if (typeof id !== 'string') return [];
    const first = seen.get(id);
    if (first !== undefined) return [{ path: `organisationIds[${i}]`, message: `is already listed (organisationIds[${first}])` }];
    seen.set(id, i);
    return [];
  });
}

const isInstant = (v: unknown): v is string => instant().safeParse(v).success;

function slotIssues(startsAt: unknown, endsAt: unknown, optional: boolean): FieldError[] {
  const given = (v: unknown) => v !== undefined && v !== null;
  // a missing field of a required slot is the schema's to report
  if (optional && given(startsAt) !== given(endsAt)) {
    return given(startsAt) ? [{ path: 'endsAt', message: 'is required with startsAt' }] : [{ path: 'startsAt', message: 'is required with endsAt' }];
  }
  if (isInstant(startsAt) && isInstant(endsAt) && Date.parse(endsAt) <= Date.parse(startsAt)) return [{ path: 'endsAt', message: 'must be after startsAt' }];
  return [];
}
