import { addDays } from '@pmt/kernel';
import type { ActivityResource } from '../activity';
import type { CalendarMou, CalendarProposal } from './calendar-sources';

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

/** The activity fields the feed reads. */
export type ActivityDoc = Pick<
  ActivityResource,
  'id' | 'status' | 'title' | 'kind' | 'leadTeam' | 'startsAt' | 'endsAt' | 'location' | 'attendance' | 'updatedAt'
> & { version: number };

/** MOUs whose term has ended one way or another: their last day and KPI dates leave the calendar. */
const ENDED_MOU = new Set(['expired', 'terminated']);

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

/** Every proposal but a withdrawn one has its submission deadline on the calendar. */
export function proposalEntries(p: CalendarProposal): CalendarEntry[] {
  if (p.status === 'withdrawn') return [];
  return [
    allDay(uid('proposal-deadline', p.id), `Proposal deadline: ${p.title}`, p.submissionDeadline, p, [
      `Submission deadline of a proposal (${p.status})`,
      team(p.leadTeam),
      `/api/v1/proposals/${p.id}`,
    ]),
  ];
}

/** An MOU still running (not expired or terminated): its last day, and each KPI with a report date. */
export function mouEntries(m: CalendarMou): CalendarEntry[] {
  if (ENDED_MOU.has(m.status)) return [];
  return [mouExpiryEntry(m), ...kpiEntries(m)];
}

export function mouExpiryEntry(m: CalendarMou): CalendarEntry {
  return allDay(uid('mou-expiry', m.id), `MOU ends: ${m.title}`, m.endsOn, m, [
    `Last day of the MOU’s term (${m.status})`,
    team(m.leadTeam),
    `/api/v1/mous/${m.id}`,
  ]);
}

/** A KPI id is unique only within its MOU, so the UID names both. */
export function kpiEntries(m: CalendarMou): CalendarEntry[] {
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
  return {
    uid: id,
    summary,
    description: lines.join('\n'),
    start: date,
    end: addDays(date, 1),
    allDay: true,
    location: null,
    sequence: r.version,
    stamp: r.updatedAt,
  };
}
