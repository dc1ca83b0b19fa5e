import { PartnershipQueries } from '@pmt/contracts-partners';
import { invalid, notFound, seesEverything, viewerOf, type FieldError } from '@pmt/kernel';
import type { QueryMessage } from '@pmt/messaging';
import { requireUuid, type Route, type ServiceRuntime } from '@pmt/service-kit';
import { organisationAggregate } from '../../partners.definition';
import {
  Collections,
  DEFAULT_PORTFOLIO_PAGE,
  emptyPartnership,
  GROUP_BY,
  MAX_PORTFOLIO_PAGE,
  partnershipFor,
  withoutId,
  type ConfidentialParts,
  type GroupBy,
  type Partnership,
  type Portfolio,
  type PortfolioQuery,
} from '../index';
import { withLists } from './mou-lists-reader';
import { PortfolioReader } from './portfolio-reader';

/** `partners.partnership.get` and `partners.portfolio.get`, answered from the partnership read model. */
export function partnershipRoutes(runtime: ServiceRuntime): Route[] {
  const readModel = runtime.stores.readModel;
  const portfolio = new PortfolioReader(readModel);
  return [
    {
      subject: PartnershipQueries.partnership,
      handle: async (m: QueryMessage<{ id?: unknown }>): Promise<Partnership> => {
        const id = requireUuid(m?.params?.id);
        const viewer = viewerOf(m);
        // the confidential parts only matter to a viewer who does not see everything
        const [doc, organisation, parts] = await Promise.all([
          readModel.get(Collections.partnerships, id) as Promise<(Partnership & { id: string }) | null>,
          readModel.get(organisationAggregate.collection, id),
          seesEverything(viewer) ? null : (readModel.get(Collections.confidentialParts, id) as Promise<ConfidentialParts | null>),
        ]);
        if (!organisation) throw notFound('ORGANISATION.NOT_FOUND', `no organisation with id ${id}`);
        return doc ? partnershipFor(await withLists(readModel, withoutId(doc)), parts, viewer) : emptyPartnership(id);
      },
    },
    {
      subject: PartnershipQueries.portfolio,
      handle: async (m: QueryMessage<Record<string, unknown>>) => portfolioAnswer(await portfolio.portfolio(portfolioQuery(m?.params ?? {}), viewerOf(m))),
    },
  ];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The gateway checks these already; a service answers every caller, so it checks them again. */
export function portfolioQuery(params: Record<string, unknown>): PortfolioQuery {
  const errors: FieldError[] = [];
  const groupBy = params.groupBy;
  if (!GROUP_BY.includes(groupBy as GroupBy)) errors.push({ path: 'groupBy', message: `must be one of ${GROUP_BY.join(', ')}` });
  const date = (name: 'from' | 'to'): string | null => {
    const v = params[name];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string' && DATE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return v;
    errors.push({ path: name, message: 'must be a calendar date like 2025-01-07' });
    return null;
  };
  const [from, to] = [date('from'), date('to')];
  if (from !== null && to !== null && to < from) errors.push({ path: 'to', message: 'must not be before from' });
  const limit = params.limit ?? DEFAULT_PORTFOLIO_PAGE;
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_PORTFOLIO_PAGE) {
    errors.push({ path: 'limit', message: `must be a whole number from 1 to ${MAX_PORTFOLIO_PAGE}` });
  }
  const after = params.cursor === undefined || params.cursor === null ? undefined : afterOf(params.cursor);
  if (after === false) errors.push({ path: 'cursor', message: 'is not a cursor this query gave' });
  if (errors.length > 0) throw invalid('PORTFOLIO.INVALID_QUERY', `invalid portfolio query: ${errors.map((e) => e.path).join(', ')}`, errors);
  return { groupBy: groupBy as GroupBy, from, to, limit: limit as number, ...(after !== undefined && after !== false && { after: after.key }) };
}

/** The answer of `partners.portfolio.get`. */
export type PortfolioAnswer = Omit<Portfolio, 'nextAfter'> & { nextCursor: string | null };

/** The wire form: the page's position as an opaque cursor, like every list's `nextCursor`. */
export function portfolioAnswer(p: Portfolio): PortfolioAnswer {
  const { nextAfter, totals, ...rest } = p;
  return { ...rest, nextCursor: nextAfter ? Buffer.from(JSON.stringify(nextAfter), 'utf8').toString('base64url') : null, totals };
}

function afterOf(cursor: unknown): { key: string | null } | false {
  if (typeof cursor !== 'string') return false;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { key?: unknown };
    return parsed && (typeof parsed.key === 'string' || parsed.key === null) ? { key: parsed.key } : false;
  } catch {
    return false;
  }
}
