import type { FieldError } from './errors';
import { isBlank } from './values';

/**
 * "A funder is not also a partner", and each partner is named once: one rule for proposals and grants, owned by
 * their deciders (the contract only says partnerIds is a list of ids). `blankMessage` is what each says of an
 * empty id.
 */
export function partnerErrors(partnerIds: readonly unknown[], funderId: string | undefined, blankMessage = 'is required'): FieldError[] {
  const errors: FieldError[] = [];
  const firstAt = new Map<unknown, number>();
  partnerIds.forEach((id, i) => {
    if (isBlank(id)) errors.push({ path: `partnerIds[${i}]`, message: blankMessage });
    else if (id === funderId) errors.push({ path: `partnerIds[${i}]`, message: 'is the funder; a funder is not also a partner' });
    const seen = firstAt.get(id);
    if (seen !== undefined) errors.push({ path: `partnerIds[${i}]`, message: `is already a partner (partnerIds[${seen}])` });
    else firstAt.set(id, i);
  });
  return errors;
}
