import type { Projection, ProjectionView } from '@pmt/event-sourcing';
import type { StoredEvent } from '@pmt/kernel';
import { evolveActivityResource, type ActivityEvent, type ActivityResource, type ActivityView } from '../activity';
import { EVENTS_WORKFLOW_CATEGORY } from '../workflows/workflows.projection';
import { activityEntry, mouEntries, proposalEntries, type CalendarEntry } from './calendar-entries';
import { evolveCalendarMou, evolveCalendarProposal, type CalendarMou, type CalendarProposal } from './calendar-sources';

export const CALENDAR_PROJECTION = 'calendar';
/** One document per resource that has dates: `activity-<id>`, `mou-<id>`, `proposal-<id>`. */
export const CALENDAR_COLLECTION = 'calendar';

/**
 * A resource's place on the calendar: its entries (none when it has no place now), what the filters match
 * (`leadTeam`; `organisationIds`: an activity's participants, an MOU's parties, a proposal's funder and
 * partners), whether only its lead team may see it (`confidential` beside `leadTeam`, the kernel's visibleFilter
 * reads both) and `source`, the facts folded so far, from which the next event moves on.
 */
export interface CalendarPlace {
  id: string;
  kind: 'activity' | 'mou' | 'proposal';
  leadTeam: string | null;
  confidential: boolean;
  organisationIds: string[];
  entries: CalendarEntry[];
  source: (ActivityResource & { version: number }) | CalendarMou | CalendarProposal;
}

/** As stored: `onCalendar` (it has entries now) is what the feed selects by. */
export type CalendarDoc = CalendarPlace & { onCalendar: boolean; [field: string]: unknown };

type Docs = Pick<ProjectionView, 'get' | 'put'>;

/** `[kind, id]` of a stream the calendar follows: the service's activities and its mirrors of MOUs and proposals. */
export function calendarStream(streamId: string): ['activity' | 'mou' | 'proposal', string] | null {
  if (streamId.startsWith('activity-')) return ['activity', streamId.slice('activity-'.length)];
  for (const kind of ['mou', 'proposal'] as const) {
    const prefix = `${EVENTS_WORKFLOW_CATEGORY}-${kind}-`;
    if (streamId.startsWith(prefix) && streamId.length > prefix.length) return [kind, streamId.slice(prefix.length)];
  }
  return null;
}

export async function applyCalendarEvent(e: StoredEvent, docs: Docs): Promise<void> {
  const stream = calendarStream(e.streamId);
  if (!stream) return;
  const [kind, id] = stream;
  const before = await docs.get<CalendarDoc>(CALENDAR_COLLECTION, `${kind}-${id}`);
  // an event at or below the version folded was applied already: a replay changes nothing
  if (before && before.source.version >= e.streamVersion) return;
  const doc = next(kind, id, before?.source ?? null, e);
  if (doc) docs.put(CALENDAR_COLLECTION, { ...doc, onCalendar: doc.entries.length > 0 });
}

function next(kind: CalendarPlace['kind'], id: string, source: CalendarPlace['source'] | null, e: StoredEvent): CalendarPlace | null {
  const docId = `${kind}-${id}`;
  if (kind === 'activity') {
    const state = evolveActivityResource((source as ActivityView | null) ?? { status: 'none' }, { type: e.type, data: e.data } as ActivityEvent);
    if (state.status === 'none') return null;
    const a = { ...state, id, version: e.streamVersion };
    // a document written before confidentiality existed has no `confidential` in its source: open
    const confidential = a.confidential === true;
    return { id: docId, kind, leadTeam: a.leadTeam, confidential, organisationIds: a.organisationIds, entries: [activityEntry(a) ?? []].flat(), source: a };
  }
  const event = { type: e.type, data: e.data, streamVersion: e.streamVersion };
  if (kind === 'mou') {
    const m = evolveCalendarMou(source as CalendarMou | null, id, event);
    return m && { id: docId, kind, leadTeam: m.leadTeam, confidential: m.confidential === true, organisationIds: m.parties, entries: mouEntries(m), source: m };
  }
  const p = evolveCalendarProposal(source as CalendarProposal | null, id, event);
  return (
    p && {
      id: docId,
      kind,
      leadTeam: p.leadTeam,
      confidential: p.confidential === true,
      organisationIds: [p.funderId, ...p.partnerIds],
      entries: proposalEntries(p),
      source: p,
    }
  );
}

/** Register in the events ServiceDefinition (projections); rebuild with `npm run rebuild -- events calendar`. */
export const calendarProjection: Projection = {
  name: CALENDAR_PROJECTION,
  collections: [CALENDAR_COLLECTION],
  apply: (event, view) => applyCalendarEvent(event, view),
};
