import type { RequestContext } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import { ACTIVITY, MOU, PROPOSAL, querySubject } from '../../infra/nats/subjects';
import type { Forwarder } from '../common/forwarder';
import { MAX_PAGE } from '../common/schemas';
import { activityEntry, kpiEntries, mouExpiryEntry, proposalDeadlineEntry, type ActivityDoc, type CalendarEntry, type MouDoc, type ProposalDoc } from './calendar.feed';
import type { CalendarQuery } from './calendar.schemas';

/** 200 pages of 500: far beyond any office's calendar, and a bound on a cursor that never ends. */
const MAX_PAGES = 200;

/** MOUs whose term has not ended one way or another: their last day is still worth a reminder. */
const ENDED_MOU = new Set(['expired', 'terminated']);

/**
 * Everything the feed shows, read from each service's list query and filtered there where the list can:
 * `team` is each resource's leadTeam, `organisationId` its involvement.
 */
export async function calendarEntries(forward: Forwarder, ctx: RequestContext, q: CalendarQuery): Promise<CalendarEntry[]> {
  const all = <T>(aggregate: string, params: Record<string, unknown>) => listAll<T>(forward, ctx, aggregate, params);
  const teamFilter = { leadTeam: q.team };
  const [scheduled, held, proposals, mous] = await Promise.all([
    all<ActivityDoc>(ACTIVITY, { ...teamFilter, organisationId: q.organisationId, status: 'scheduled' }),
    all<ActivityDoc>(ACTIVITY, { ...teamFilter, organisationId: q.organisationId, status: 'held' }),
    proposalsOf(all, q),
    all<MouDoc>(MOU, { ...teamFilter, organisationId: q.organisationId }),
  ]);
  const current = mous.filter((m) => !ENDED_MOU.has(m.status));
  return [
    ...[...scheduled, ...held].flatMap((a) => activityEntry(a) ?? []),
    ...proposals.filter((p) => p.status !== 'withdrawn').map(proposalDeadlineEntry),
    ...current.map(mouExpiryEntry),
    ...current.flatMap(kpiEntries),
  ];
}

/** An organisation is involved in a proposal as its funder or as a partner: two lists, each proposal once. */
async function proposalsOf(all: <T>(aggregate: string, params: Record<string, unknown>) => Promise<T[]>, q: CalendarQuery): Promise<ProposalDoc[]> {
  if (q.organisationId === undefined) return all<ProposalDoc>(PROPOSAL, { leadTeam: q.team });
  const [funded, partnered] = await Promise.all([
    all<ProposalDoc>(PROPOSAL, { leadTeam: q.team, funderId: q.organisationId }),
    all<ProposalDoc>(PROPOSAL, { leadTeam: q.team, partnerId: q.organisationId }),
  ]);
  return [...new Map([...funded, ...partnered].map((p) => [p.id, p])).values()];
}

async function listAll<T>(forward: Forwarder, ctx: RequestContext, aggregate: string, params: Record<string, unknown>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer: { items?: T[]; nextCursor?: string | null } = await forward.query(querySubject(aggregate, 'list'), ctx, {
      ...params,
      limit: MAX_PAGE,
      ...(cursor !== null && { cursor }),
    });
    if (!answer || !Array.isArray(answer.items)) throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `list reply of ${aggregate} has no items`);
    items.push(...answer.items);
    cursor = answer.nextCursor ?? null;
    if (cursor === null) return items;
  }
  return items;
}
