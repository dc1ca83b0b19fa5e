import { officeDate, record, type SourceEvent } from '@pmt/kernel';
import { compareText } from './money-sums';

/**
 * Readers of other services' event data beside the kernel's lenient ones (foreign-data.ts). The partnership view
 * shows what the producers stored, so these two are laxer than the kernel's textOrNull and dateOrNull, and named
 * apart: only an empty string is no text (the kernel's also drops whitespace), and a date needs only its shape
 * (the kernel's must be a real calendar date).
 */
export { list, record, text, type Data, type SourceEvent } from '@pmt/kernel';

export const textUnlessEmpty = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export const dateShapeOrNull = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

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
