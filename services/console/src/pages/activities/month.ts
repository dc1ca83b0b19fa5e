// The month calendar's grid: whole weeks Monday to Sunday covering the month, and activities placed on the office
// (Bangkok) day they start, so an activity at 01:00 Bangkok time is not shown on the previous UTC day.
import { OFFICE_TIME_ZONE } from '../../lib/format';

export interface Day {
  date: string;
  inMonth: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-01` -> weeks of seven days, Monday first, from the week holding the 1st to the week holding the last day. */
export function monthGrid(month: string): Day[][] {
  const [year, m] = month.split('-').map(Number);
  const first = new Date(Date.UTC(year, m - 1, 1));
  const mondayOffset = (first.getUTCDay() + 6) % 7;
  const start = new Date(Date.UTC(year, m - 1, 1 - mondayOffset));
  const daysInMonth = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const weeks = Math.ceil((mondayOffset + daysInMonth) / 7);
  const grid: Day[][] = [];
  for (let w = 0; w < weeks; w++) {
    const week: Day[] = [];
    for (let d = 0; d < 7; d++) {
      const day = new Date(start);
      day.setUTCDate(start.getUTCDate() + w * 7 + d);
      week.push({ date: `${day.getUTCFullYear()}-${pad(day.getUTCMonth() + 1)}-${pad(day.getUTCDate())}`, inMonth: day.getUTCMonth() === m - 1 });
    }
    grid.push(week);
  }
  return grid;
}

/** The office date of an instant: 2025-01-06T18:30:00Z is 2025-01-07 in Bangkok. */
export function officeDate(instant: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** Activities with a start, by the office date they start on. */
export function byOfficeDay<T extends { startsAt: string | null }>(items: T[]): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const item of items) {
    if (!item.startsAt) continue;
    const day = officeDate(item.startsAt);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return days;
}

/** `2025-01` moved by n months. */
export function addMonths(month: string, n: number): string {
  const [year, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(year, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** First and last day of the month, for the list's `from`/`to` filters. */
export function monthBounds(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number);
  return { from: `${month}-01`, to: `${month}-${pad(new Date(Date.UTC(year, m, 0)).getUTCDate())}` };
}
