import { isCalendarDate } from '@pmt/kernel';

/**
 * Readers of the mous and proposals services' event data. Nothing from outside is assumed: a missing or
 * malformed field reads as empty, since a projection that throws would stop at that event for good.
 */
export type Data = Record<string, unknown>;

export const record = (v: unknown): Data => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {});
export const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
export const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
export const dateOrNull = (v: unknown): string | null => (isCalendarDate(v) ? v : null);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** An event of a source stream; `sourceId` is the producer's event id. */
export interface SourceEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  sourceId: string;
}
