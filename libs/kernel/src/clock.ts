/** Time enters through a clock so that tests can move it; the domain never reads it directly. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** `2025-01-07` of an instant, in UTC. */
export function calendarDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Adds calendar months to a `YYYY-MM-DD` date, clamping to the month's last day (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const firstOfTarget = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0)).getUTCDate();
  firstOfTarget.setUTCDate(Math.min(d, lastDay));
  return calendarDate(firstOfTarget);
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return calendarDate(t);
}

/** The office's time zone: dates people see and deadlines they keep are Bangkok dates. */
export const OFFICE_TIME_ZONE = 'Asia/Bangkok';

const officeDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: OFFICE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** `YYYY-MM-DD` of an instant in the office's time zone. */
export function officeDate(instant: Date | string): string {
  return officeDateFormat.format(new Date(instant));
}

/** The instant an office date begins (Asia/Bangkok is UTC+7 all year: Thailand keeps no daylight saving). */
export function officeDayStart(date: string): string {
  return new Date(`${date}T00:00:00+07:00`).toISOString();
}
