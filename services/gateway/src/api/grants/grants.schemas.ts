import type { FieldError } from '@pmt/kernel';

// The shapes are the contract's (libs/contracts/funding); what is left here are cross-field rules that belong to the service's decider.
export * from '@pmt/contracts-funding';

/**
 * Partners named once each and apart from the funder, and a period that does not end before it starts. Checked on
 * the raw body beside the schema rather than as a zod refinement, which zod skips once any field has the wrong
 * type: one 400 must name every bad field.
 */
export function grantFieldErrors(raw: unknown): FieldError[] {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as { funderId?: unknown; partnerIds?: unknown; startsOn?: unknown; endsOn?: unknown };
  const errors: FieldError[] = [];
  if (Array.isArray(body.partnerIds)) {
    const seen = new Map<unknown, number>();
    body.partnerIds.forEach((id: unknown, i) => {
      if (typeof id !== 'string') return;
      if (body.funderId !== undefined && id === body.funderId) {
        errors.push({ path: `partnerIds[${i}]`, message: 'is the funder; a funder is not also a partner' });
      }
      const first = seen.get(id);
      if (first !== undefined) errors.push({ path: `partnerIds[${i}]`, message: `is already a partner (partnerIds[${first}])` });
      else seen.set(id, i);
    });
  }
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const { startsOn, endsOn } = body;
  if (typeof startsOn === 'string' && typeof endsOn === 'string' && date.test(startsOn) && date.test(endsOn) && endsOn < startsOn) {
    errors.push({ path: 'endsOn', message: `must be on or after startsOn (${startsOn})` });
  }
  return errors;
}
