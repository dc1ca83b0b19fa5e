import { isCalendarDate, isInstant, isBlank } from '@pmt/kernel';
import type { FieldError } from '@pmt/kernel';
import { COLLABORATION_LEVELS, type KpiTerms, type MouTerms, type PartyTerms } from './mou';

/** Rules on the parties the schema cannot state: at least two, none listed twice. */
export function partyErrors(parties: PartyTerms[]): FieldError[] {
  const errors: FieldError[] = [];
  if (parties.length < 2) errors.push({ path: 'parties', message: 'an MOU needs two or more parties' });
  const firstAt = new Map<string, number>();
  parties.forEach((p, i) => {
    if (isBlank(p.organisationId)) errors.push({ path: `parties[${i}].organisationId`, message: 'is required' });
    const seen = firstAt.get(p.organisationId);
    if (seen !== undefined) {
      errors.push({ path: `parties[${i}].organisationId`, message: `is already a party (parties[${seen}])` });
    } else firstAt.set(p.organisationId, i);
    if (isBlank(p.signatoryName)) errors.push({ path: `parties[${i}].signatoryName`, message: 'is required' });
    if (isBlank(p.signatoryTitle)) errors.push({ path: `parties[${i}].signatoryTitle`, message: 'is required' });
  });
  return errors;
}

/** Rules on whichever terms are present; the state depends on these holding (endsOn, percent). */
export function termErrors(t: Partial<MouTerms>): FieldError[] {
  const errors: FieldError[] = [];
  if (t.title !== undefined && isBlank(t.title)) errors.push({ path: 'title', message: 'is required' });
  if (t.collaborationLevel !== undefined && !COLLABORATION_LEVELS.includes(t.collaborationLevel)) {
    errors.push({ path: 'collaborationLevel', message: `must be one of ${COLLABORATION_LEVELS.join(', ')}` });
  }
  if (t.effectiveFrom !== undefined && !isCalendarDate(t.effectiveFrom)) {
    errors.push({ path: 'effectiveFrom', message: 'must be a calendar date (YYYY-MM-DD)' });
  }
  if (t.termMonths !== undefined && !isPositiveInteger(t.termMonths)) {
    errors.push({ path: 'termMonths', message: 'must be a positive whole number of months' });
  }
  if (t.kpis !== undefined) errors.push(...kpiErrors(t.kpis));
  return errors;
}

export const isPositiveInteger = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;

function kpiErrors(kpis: KpiTerms[]): FieldError[] {
  const errors: FieldError[] = [];
  const firstAt = new Map<string, number>();
  kpis.forEach((k, i) => {
    if (isBlank(k.id)) errors.push({ path: `kpis[${i}].id`, message: 'is required' });
    const seen = firstAt.get(k.id);
    if (seen !== undefined) errors.push({ path: `kpis[${i}].id`, message: `is already used by kpis[${seen}]` });
    else firstAt.set(k.id, i);
    if (isBlank(k.name)) errors.push({ path: `kpis[${i}].name`, message: 'is required' });
    if (typeof k.target !== 'number' || !Number.isFinite(k.target) || k.target < 0) {
      errors.push({ path: `kpis[${i}].target`, message: 'must be a number, zero or more' });
    }
    if (k.dueOn !== null && !isCalendarDate(k.dueOn)) {
      errors.push({ path: `kpis[${i}].dueOn`, message: 'must be a calendar date (YYYY-MM-DD)' });
    }
  });
  return errors;
}

export { isCalendarDate, isInstant };
