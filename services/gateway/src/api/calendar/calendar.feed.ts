import { addDays } from '@pmt/kernel';
import ical, { ICalEventStatus, type ICalEventData } from 'ical-generator';

/** The domain of every UID: a calendar app that sees the same UID again updates the entry instead of adding one. */
export const UID_DOMAIN = 'partnership-tracker';

/** One entry of the feed, before it is written as iCalendar. */
export interface CalendarEntry {
  uid: string;
  summary: string;
  description: string;
  /** An instant for timed entries, a `YYYY-MM-DD` date for all-day ones. */
  start: string;
  end: string | null;
  allDay: boolean;
  location: string | null;
  /** The resource's version: it only grows, so a calendar app takes each change as a newer revision. */
  sequence: number;
  /** When the resource last changed; the feed is then the same bytes for the same data. */
  stamp: string;
}

/** The fields of the resources the feed reads; each is the service's read model as the API answers it. */
export interface ActivityDoc {
  id: string;
  version: number;
  status: string;
  title: string;
  kind: string;
  leadTeam: string | null;
  startsAt: string | null;
  endsAt: string | null;
  location: string | null;
  attendance: number | null;
  updatedAt: string;
}

export interface ProposalDoc {
  id: string;
  version: number;
  status: string;
  title: string;
  leadTeam: string;
  submissionDeadline: string;
  updatedAt: string;
}

export interface MouDoc {
  id: string;
  version: number;
  status: string;
  title: string;
  leadTeam: string | null;
  endsOn: string;
  kpis: { id: string; name: string; target: number; unit: string | null; owner: string | null; dueOn: string | null }[];
  updatedAt: string;
}

const uid = (kind: string, id: string) => `${kind}-${id}@${UID_DOMAIN}`;
const team = (leadTeam: string | null) => (leadTeam ? `Lead team: ${leadTeam}` : 'No lead team');

/** Only activities with a time have a place on a calendar: scheduled and held ones. */
export function activityEntry(a: ActivityDoc): CalendarEntry | null {
  if ((a.status !== 'scheduled' && a.status !== 'held') || !a.startsAt || !a.endsAt) return null;
  const held = a.status === 'held' ? [`Held: ${a.attendance ?? 0} people took part`] : [];
  return {
    uid: uid('activity', a.id),
    summary: a.title,
    description: [`Activity (${a.kind})`, team(a.leadTeam), ...held, `/api/v1/activities/${a.id}`].join('\n'),
    start: a.startsAt,
    end: a.endsAt,
    allDay: false,
    location: a.location,
    sequence: a.version,
    stamp: a.updatedAt,
  };
}

export function proposalDeadlineEntry(p: ProposalDoc): CalendarEntry {
  return allDay(uid('proposal-deadline', p.id), `Proposal deadline: ${p.title}`, p.submissionDeadline, p, [
    `Submission deadline of a proposal (${p.status})`,
    team(p.leadTeam),
    `/api/v1/proposals/${p.id}`,
  ]);
}

export function mouExpiryEntry(m: MouDoc): CalendarEntry {
  return allDay(uid('mou-expiry', m.id), `MOU ends: ${m.title}`, m.endsOn, m, [`Last day of the MOU’s term (${m.status})`, team(m.leadTeam), `/api/v1/mous/${m.id}`]);
}

/** A KPI id is unique only within its MOU, so the UID names both. */
export function kpiEntries(m: MouDoc): CalendarEntry[] {
  return m.kpis.flatMap((k) =>
    k.dueOn
      ? [
          allDay(uid('kpi', `${m.id}-${k.id}`), `KPI due: ${k.name} (${m.title})`, k.dueOn, m, [
            `KPI report date: target ${k.target}${k.unit ? ` ${k.unit}` : ''}`,
            k.owner ? `Owner: ${k.owner}` : 'No owner',
            `/api/v1/mous/${m.id}`,
          ]),
        ]
      : [],
  );
}

function allDay(id: string, summary: string, date: string, r: { version: number; updatedAt: string }, lines: string[]): CalendarEntry {
  return { uid: id, summary, description: lines.join('\n'), start: date, end: addDays(date, 1), allDay: true, location: null, sequence: r.version, stamp: r.updatedAt };
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
