import { isBlank, isCalendarDate, type FieldError } from '@pmt/kernel';
import { ACTIVITY_KINDS } from './activity';

/**
 * An instant with its offset (`Z` or `+07:00`): without one the same text is a different moment on every machine.
 * Stored in one form (UTC, milliseconds) so that instants compare as text in the read model's range filters.
 */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
export const isInstantWithOffset = (s: unknown): s is string => typeof s === 'string' && INSTANT.test(s) && !Number.isNaN(Date.parse(s));
export const canonicalInstant = (s: string): string => new Date(s).toISOString();

const INSTANT_MESSAGE = 'must be an ISO-8601 instant with Z or an offset, like 2025-01-07T07:00:00Z';

export function requiredText(path: string, value: unknown): FieldError[] {
  return isBlank(value) ? [{ path, message: 'is required' }] : [];
}

/** Optional text: absent or null is fine, present must say something. */
export function optionalText(path: string, value: unknown): FieldError[] {
  if (value === undefined || value === null) return [];
  return isBlank(value) ? [{ path, message: 'must not be blank (send null to leave it out)' }] : [];
}

export function kindErrors(kind: unknown): FieldError[] {
  return (ACTIVITY_KINDS as readonly unknown[]).includes(kind) ? [] : [{ path: 'kind', message: `must be one of ${ACTIVITY_KINDS.join(', ')}` }];
}

/** At least one organisation takes part, each named once. */
export function organisationErrors(ids: unknown): FieldError[] {
  if (!Array.isArray(ids)) return [{ path: 'organisationIds', message: 'must be a list of organisation ids' }];
  if (ids.length === 0) return [{ path: 'organisationIds', message: 'name at least one organisation' }];
  const errors: FieldError[] = [];
  const firstAt = new Map<unknown, number>();
  ids.forEach((id, i) => {
    if (isBlank(id)) return void errors.push({ path: `organisationIds[${i}]`, message: 'is required' });
    const seen = firstAt.get(id);
    if (seen !== undefined) errors.push({ path: `organisationIds[${i}]`, message: `is already listed (organisationIds[${seen}])` });
    else firstAt.set(id, i);
  });
  return errors;
}

/**
 * A time slot: both ends or (when `optional`) neither, each an instant with its offset, and the end after the start.
 * An activity entered after the fact may lie in the past.
 */
export function slotErrors(startsAt: unknown, endsAt: unknown, optional: boolean): FieldError[] {
  const absent = (v: unknown) => v === undefined || v === null;
  if (optional && absent(startsAt) && absent(endsAt)) return [];
  const errors: FieldError[] = [];
  for (const [path, value] of [
    ['startsAt', startsAt],
    ['endsAt', endsAt],
  ] as const) {
    if (absent(value)) errors.push({ path, message: optional ? `is required with ${path === 'startsAt' ? 'endsAt' : 'startsAt'}` : 'is required' });
    else if (!isInstantWithOffset(value)) errors.push({ path, message: INSTANT_MESSAGE });
  }
  if (errors.length === 0 && Date.parse(endsAt as string) <= Date.parse(startsAt as string)) {
    errors.push({ path: 'endsAt', message: 'must be after startsAt' });
  }
  return errors;
}

/** A confidential activity is seen only by its lead team (and admins, auditors): without one, by nobody who runs it. */
export function confidentialityErrors(confidential: unknown, leadTeam: unknown): FieldError[] {
  return confidential === true && isBlank(leadTeam) ? [{ path: 'leadTeam', message: 'a confidential activity needs a lead team' }] : [];
}

export function originErrors(origin: unknown): FieldError[] {
  if (origin === undefined || origin === null) return [];
  if (typeof origin !== 'object') return [{ path: 'origin', message: 'must be { workflow, sourceEventId } or null' }];
  const o = origin as Record<string, unknown>;
  return [...requiredText('origin.workflow', o.workflow), ...requiredText('origin.sourceEventId', o.sourceEventId)];
}

export function attendanceErrors(attendance: unknown): FieldError[] {
  return Number.isSafeInteger(attendance) && (attendance as number) >= 0
    ? []
    : [{ path: 'attendance', message: 'must be a whole number of people, zero or more' }];
}

/** What came out of the activity; each outcome has an id of its own, given by the platform. */
export function outcomeErrors(outcomes: unknown): FieldError[] {
  if (!Array.isArray(outcomes)) return [{ path: 'outcomes', message: 'must be a list of { title, organisationId?, detail? }' }];
  const ids = new Set<unknown>();
  return outcomes.flatMap((o: unknown, i) => {
    if (typeof o !== 'object' || o === null) return [{ path: `outcomes[${i}]`, message: 'must be { title, organisationId?, detail? }' }];
    const r = o as Record<string, unknown>;
    const errors = [
      ...requiredText(`outcomes[${i}].title`, r.title),
      ...optionalText(`outcomes[${i}].organisationId`, r.organisationId),
      ...optionalText(`outcomes[${i}].detail`, r.detail),
    ];
    if (isBlank(r.id) || ids.has(r.id)) errors.push({ path: `outcomes[${i}].id`, message: 'must be a new outcome id' });
    ids.add(r.id);
    return errors;
  });
}

export function taskErrors(t: { title?: unknown; owner?: unknown; dueOn?: unknown }): FieldError[] {
  const errors = [...requiredText('title', t.title), ...requiredText('owner', t.owner)];
  if (!isCalendarDate(t.dueOn)) errors.push({ path: 'dueOn', message: 'must be a calendar date (YYYY-MM-DD)' });
  return errors;
}

/**
 * The activity's rules across fields, read from a command's raw data: the routes join them with the schema's
 * errors in one 400 (the schema's word first on a field both name). The decider applies the same functions.
 */
export function activityRuleErrors(data: unknown, slotOptional: boolean): FieldError[] {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  return [
    ...(slotOptional ? [...organisationErrors(d.organisationIds), ...confidentialityErrors(d.confidential, d.leadTeam)] : []),
    ...slotErrors(d.startsAt, d.endsAt, slotOptional),
  ];
}
