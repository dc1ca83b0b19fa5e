import { z } from 'zod';
import { calendarDate, pagination, says } from '@pmt/contracts-common';
import { MOU_STATUSES } from '@pmt/contracts-mous';

export const PartnershipQueries = {
  partnership: 'partners.partnership.get',
  portfolio: 'partners.portfolio.get',
} as const;

export const GROUP_BY = ['funder', 'partner', 'team'] as const;

/** The period is checked here so that a reversed one is a 400 naming `to`, with any other bad field beside it. */
export const portfolioQuery = z
  .strictObject({
    groupBy: z
      .enum(GROUP_BY, { error: says(`must be one of ${GROUP_BY.join(', ')}`) })
      .describe('funder: the funder organisation; partner: each partner organisation (work with two partners counts for both); team: the lead team'),
    from: calendarDate().optional().describe('First day of the period (inclusive): money facts dated before it are left out'),
    to: calendarDate().optional().describe('Last day of the period (inclusive); not before from'),
    ...pagination,
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { path: ['to'], message: 'must not be before from' });

const money = {
  type: 'object',
  required: ['amount', 'currency'],
  properties: { amount: { type: 'integer', description: 'minor units' }, currency: { type: 'string', example: 'THB' } },
};
const sums = { type: 'array', items: money, description: 'One sum per currency, sorted by currency; a currency without money is left out' };
const counts = (keys: readonly string[]) => ({ type: 'object', properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer' }])) });

export const PARTNERSHIP_SCHEMA = {
  type: 'object',
  properties: {
    organisationId: { type: 'string', format: 'uuid' },
    mous: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        byStatus: counts(MOU_STATUSES),
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              title: { type: 'string' },
              status: { type: 'string' },
              endsOn: { type: 'string', format: 'date', nullable: true },
            },
          },
        },
      },
    },
    proposals: {
      type: 'object',
      properties: {
        total: { type: 'integer' },
        byStatus: counts(['draft', 'submitted', 'revision-requested', 'approved', 'rejected', 'withdrawn']),
        asFunder: { type: 'integer' },
        asPartner: { type: 'integer' },
      },
    },
    grants: counts(['total', 'asFunder', 'asPartner', 'closedOut']),
    money: {
      type: 'object',
      description: 'Of the proposals and grants this organisation is funder or partner of (see docs/partnership.md)',
      properties: { requested: sums, awarded: sums, disbursed: sums, coInvested: sums, coInvestedByOrganisation: sums },
    },
    activities: counts(['held', 'peopleReached']),
    kpis: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          mouId: { type: 'string' },
          kpiId: { type: 'string' },
          name: { type: 'string' },
          target: { type: 'number' },
          unit: { type: 'string', nullable: true },
          latestValue: { type: 'number', nullable: true },
          latestReportedOn: { type: 'string', format: 'date', nullable: true },
          progress: { type: 'number', nullable: true, description: 'latestValue / target, 4 decimals (0.35 = 35 %)' },
        },
      },
    },
    updatedAt: { type: 'string', format: 'date-time', nullable: true, description: 'When the latest change to it happened (the event’s time)' },
  },
} as const;

const figures = {
  requested: sums,
  awarded: sums,
  disbursed: sums,
  coInvested: sums,
  proposals: { type: 'integer', description: 'Proposals submitted in the period' },
  grants: { type: 'integer', description: 'Grants opened in the period' },
};

export const PORTFOLIO_SCHEMA = {
  type: 'object',
  properties: {
    groupBy: { type: 'string', enum: [...GROUP_BY] },
    from: { type: 'string', format: 'date', nullable: true },
    to: { type: 'string', format: 'date', nullable: true },
    groups: {
      type: 'array',
      description: 'One page of groups, sorted by key (no key last)',
      items: { type: 'object', properties: { key: { type: 'string', nullable: true }, ...figures } },
    },
    nextCursor: { type: 'string', nullable: true, description: 'Pass as cursor for the next page; null on the last' },
    totals: { type: 'object', description: 'Every proposal and grant once, whichever groups it is in; over all pages', properties: figures },
  },
} as const;
