import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiZodQuery, CAN_READ, ReqContext, Roles, UuidParamPipe, ZodPipe, type RequestContext } from '@pmt/http';
import type { z } from 'zod';
import { Forwarder } from '../common/forwarder';
import { ApiIdParam } from '../common/responses';
import { API_PREFIX } from '../common/schemas';
import { PARTNERSHIP_SCHEMA, PartnershipQueries, PORTFOLIO_SCHEMA, portfolioQuery } from './partnership.schemas';

@ApiTags('partnership')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/organisations`)
export class PartnershipController {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  @Get(':id/partnership')
  @Roles(...CAN_READ)
  @ApiOperation({
    summary: 'An organisation’s partnership: MOUs and proposals by state, money requested, awarded, disbursed and co-invested, activities, KPI progress',
    description:
      'Zeros for a registered organisation nothing has happened to yet. Built from the other services’ events; see docs/partnership.md for what counts.',
  })
  @ApiIdParam()
  @ApiOkResponse({ description: 'The partnership summary', schema: PARTNERSHIP_SCHEMA as never })
  @ApiProblemResponses(400, 401, 403, 404, 503)
  get(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.forward.query(PartnershipQueries.partnership, ctx, { id });
  }
}

@ApiTags('partnership')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/portfolio`)
export class PortfolioController {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({
    summary: 'Money requested, awarded, disbursed and co-invested, and proposals and grants, per funder, partner or lead team',
    description:
      'Each money fact counts on its own date: requested on the first submission, awarded on the approval (or the opening of a grant without a proposal), disbursed on disbursedOn, co-invested on committedOn.',
  })
  @ApiZodQuery(portfolioQuery)
  @ApiOkResponse({ description: 'The groups, sorted by key (no key last), and the totals', schema: PORTFOLIO_SCHEMA as never })
  @ApiProblemResponses(400, 401, 403, 503)
  get(@Query(new ZodPipe(portfolioQuery, 'query')) query: z.output<typeof portfolioQuery>, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.forward.query(PartnershipQueries.portfolio, ctx, query);
  }
}
