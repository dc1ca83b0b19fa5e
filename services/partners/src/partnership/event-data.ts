import { officeDate, record } from '@pmt/kernel';
import { compareText } from './money-sums';

/**
 * Readers of other services' event data (the lenient readers are the kernel's; these two differ on purpose:
 * an empty string is the only empty text, and a date needs only its shape).
 */
export interface SourceEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  occurredAt: string;
}

export { list, record, text, type Data } from '@pmt/kernel';

export const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const dateOrNull = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

/** Distinct non-empty strings, sorted: an id set with one form whatever order it came in. */
export function idSet(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))].sort(compareText);
}

/** The office date of the event's `data.at` (the instant the office recorded it), else of its occurredAt. */
export function officeDateOf(e: SourceEvent): string {
  const at = record(e.data).at;
  const instant = typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : e.occurredAt;
  return officeDate(instant);
}

/** Later of two instants; on the same instant written two ways, the greater text, so the choice never depends on order. */
export function laterInstant(a: string | null, b: string): string {
  if (a === null) return b;
  const [ta, tb] = [Date.parse(a), Date.parse(b)];
  if (ta !== tb) return ta > tb ? a : b;
  return compareText(a, b) >= 0 ? a : b;
}
