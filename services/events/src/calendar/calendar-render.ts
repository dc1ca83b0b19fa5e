import ical, { ICalEventStatus, type ICalEventData } from 'ical-generator';
import { UID_DOMAIN, type CalendarEntry } from './calendar-entries';

/** The calendar's name says which filters made it. */
export function calendarName(q: { team?: string; organisationId?: string }): string {
  const parts = [q.team && `team ${q.team}`, q.organisationId && `organisation ${q.organisationId}`].filter(Boolean);
  return parts.length ? `Partnership tracker (${parts.join(', ')})` : 'Partnership tracker';
}

/**
 * Writes the entries as one iCalendar document. Timed entries are in UTC; all-day entries are plain dates (an
 * all-day date at midnight UTC is written with its UTC date, which is the date given). Entries are ordered by
 * start, then UID, so the same data gives the same feed.
 */
export function renderCalendar(entries: CalendarEntry[], name: string): string {
  const calendar = ical({ name, prodId: { company: UID_DOMAIN, product: 'calendar', language: 'EN' }, ttl: 60 * 60 });
  const ordered = [...entries].sort((a, b) => a.start.localeCompare(b.start) || a.uid.localeCompare(b.uid));
  for (const e of ordered) calendar.createEvent(eventData(e));
  return calendar.toString();
}

const dayStart = (date: string) => new Date(`${date}T00:00:00Z`);

function eventData(e: CalendarEntry): ICalEventData {
  return {
    id: e.uid,
    summary: e.summary,
    description: e.description,
    start: e.allDay ? dayStart(e.start) : new Date(e.start),
    end: e.end === null ? null : e.allDay ? dayStart(e.end) : new Date(e.end),
    allDay: e.allDay,
    location: e.location,
    sequence: e.sequence,
    stamp: new Date(e.stamp),
    status: ICalEventStatus.CONFIRMED,
  };
}
