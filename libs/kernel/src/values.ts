/** A real calendar date in `YYYY-MM-DD` (2025-02-30 is not). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** An ISO-8601 instant with a date and a time. */
export const isInstant = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s));

/** Missing, not a string, or only whitespace. */
export const isBlank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';
