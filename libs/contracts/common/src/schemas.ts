import { z } from 'zod';

/** A field's own message, except that a missing field reads "is required" like every other. */
export const says = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

/** A UUID in canonical (lower-case) form: ids are compared and stored in lower case whatever case a client sends. */
export const uuid = () => z.guid({ error: says('must be a UUID') }).overwrite((id) => id.toLowerCase());

export const calendarDate = () => z.iso.date({ error: says('must be a calendar date like 2025-01-07') });

export const instant = () => z.iso.datetime({ offset: true, error: says('must be an ISO-8601 instant with Z or an offset, like 2025-01-07T07:00:00Z') });

/** Free text that must say something; never trimmed or normalised, so Thai text reaches the store byte for byte. */
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`).regex(/\S/, 'must not be blank');

/** Why: recorded in the events' metadata and shown in history. */
export const reason = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .optional()
  .describe('Why this is done; recorded with the events and shown in history');

/** Integer minor units (satang for THB): a float here would be a rounding error waiting to happen. */
const moneyAtLeast = (min: 0 | 1) =>
  z.strictObject({
    amount: z
      .int({ error: says('must be an integer number of minor units (satang)') })
      .min(min, min === 0 ? 'must not be negative' : 'must be greater than zero'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like THB')
      .default('THB'),
  });

export const money = () => moneyAtLeast(0);

/**
 * Money asked for, given, paid or spent: greater than zero. Whether its currency is the right one (the amount
 * requested's, the grant's) is the service's check: only it knows.
 */
export const positiveMoney = () => moneyAtLeast(1);

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,16}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 50;

export const pagination = {
  limit: wholeNumber(1, MAX_PAGE).default(DEFAULT_PAGE).describe(`Page size, default ${DEFAULT_PAGE}, at most ${MAX_PAGE}`),
  cursor: z.string().min(1).max(1000).optional().describe('Opaque cursor from the previous page’s nextCursor'),
};

export const MAX_HISTORY_PAGE = 500;
export const DEFAULT_HISTORY_PAGE = 100;

export const historyQuery = z.strictObject({
  asOf: instant().optional().describe('Answer the state as it stood at this instant instead of the event list'),
  version: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional().describe('Answer the state as it stood at this version instead of the event list'),
  limit: wholeNumber(1, MAX_HISTORY_PAGE)
    .default(DEFAULT_HISTORY_PAGE)
    .describe(`Events per page, default ${DEFAULT_HISTORY_PAGE}, at most ${MAX_HISTORY_PAGE}`),
  cursor: pagination.cursor,
});

/** A diff bound: a version (whole number) or an instant. */
const historyPoint = () =>
  z.union([wholeNumber(1, Number.MAX_SAFE_INTEGER), z.iso.datetime({ offset: true })], {
    error: says('must be a version (a whole number from 1) or an instant like 2025-01-07T07:00:00Z'),
  });

export const diffQuery = z.strictObject({
  from: historyPoint().describe('A version or an instant: the state compared from'),
  to: historyPoint().describe('A version or an instant: the state compared to'),
});

export const exportQuery = z.strictObject({
  format: z.enum(['json', 'csv'], { error: says('must be json or csv') }).default('json'),
});
