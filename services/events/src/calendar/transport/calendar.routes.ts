import { gzipSync } from 'node:zlib';
import { CalendarQueries } from '@pmt/contracts-events';
import { viewerOf, withVisibility, type Viewer } from '@pmt/kernel';
import type { QueryMessage } from '@pmt/messaging';
import type { Route, ServiceRuntime } from '@pmt/service-kit';
import type { Filter } from '@pmt/read-model';
import type { CalendarEntry } from '../calendar-entries';
import { CALENDAR_COLLECTION, type CalendarDoc } from '../calendar.projection';
import { calendarName, renderCalendar } from '../calendar-render';
import type { MirrorCatchUp } from './mirror-catch-up';

/** The feed as iCalendar (see CalendarFeedReply); the gateway's `GET /calendar.ics` forwards to it: the events contract's subject. */
export const CalendarSubjects = CalendarQueries;

export interface CalendarFeedParams {
  /** Only what this team leads. */
  team?: string;
  /** Only what this organisation is involved in. */
  organisationId?: string;
}

/**
 * The iCalendar document, gzipped and in base64: a NATS reply carries at most 1 MiB, and an office's few thousand
 * entries (about 450 bytes each as text) shrink about tenfold, so the feed keeps the room it had when the gateway
 * wrote it itself.
 */
export interface CalendarFeedReply {
  icsGzip: string;
}

/** Documents read per page of the read model while the feed is assembled. */
const PAGE = 1000;

export function calendarRoutes(runtime: ServiceRuntime, catchUp?: MirrorCatchUp): Route[] {
  return [
    {
      subject: CalendarSubjects.feed,
      handle: async (m: QueryMessage<CalendarFeedParams>): Promise<CalendarFeedReply> => {
        const params = feedParams(m?.params);
        await catchUp?.wait();
        const entries = await calendarEntries(runtime, params, viewerOf(m));
        return { icsGzip: gzipSync(renderCalendar(entries, calendarName(params))).toString('base64') };
      },
    },
  ];
}

/** The gateway validated the query; anything else a NATS caller sends is ignored rather than matched. */
function feedParams(p: unknown): CalendarFeedParams {
  const params = (p && typeof p === 'object' ? p : {}) as Record<string, unknown>;
  return {
    ...(typeof params.team === 'string' && { team: params.team }),
    ...(typeof params.organisationId === 'string' && { organisationId: params.organisationId.toLowerCase() }),
  };
}

/** Only the entries the viewer may see: a confidential activity, MOU or proposal of another team is not on their calendar. */
async function calendarEntries(runtime: ServiceRuntime, q: CalendarFeedParams, viewer: Viewer | undefined): Promise<CalendarEntry[]> {
  const asked: Filter = {
    onCalendar: true,
    ...(q.team !== undefined && { leadTeam: q.team }),
    ...(q.organisationId !== undefined && { organisationIds: q.organisationId }),
  };
  const filter = withVisibility(asked, viewer) as Filter;
  const entries: CalendarEntry[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: CalendarDoc[]; nextCursor: string | null } = await runtime.stores.readModel.find<CalendarDoc>(CALENDAR_COLLECTION, filter, {
      limit: PAGE,
      cursor,
    });
    for (const doc of page.items) entries.push(...doc.entries);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return entries;
}
