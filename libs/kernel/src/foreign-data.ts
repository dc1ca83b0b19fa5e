import { isCalendarDate } from './values';

/**
 * Lenient readers of another service's event data. It comes from outside the reading service, so nothing is
 * assumed: a missing or malformed field reads as empty, because a projection that throws stops at that event
 * for good.
 */
export type Data = Record<string, unknown>;

export const record = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});
export const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
/** A string with something in it, else null. */
export const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
export const dateOrNull = (v: unknown): string | null => (isCalendarDate(v) ? v : null);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
