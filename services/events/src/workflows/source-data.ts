import { isCalendarDate } from '@pmt/kernel';

/**
 * Readers of other services' event data. It comes from outside this service, so nothing is assumed: a missing
 * or malformed field reads as empty, because a projection that throws stops at that event for good.
 */
export type Data = Record<string, unknown>;

export const record = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});
export const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
export const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
export const dateOrNull = (v: unknown): string | null => (isCalendarDate(v) ? v : null);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** One event of a source stream as a workflow folds it: `sourceId` is the id the producer gave it. */
export interface SourceEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  sourceId: string;
}
