import { Get, Inject, Param, Query, Res, type Type } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiZodQuery, CAN_AUDIT, ReqContext, Roles, UuidParamPipe, ZodPipe, type RequestContext } from '@pmt/http';
import type { Response } from 'express';
import type { z } from 'zod';
import { AuditReads } from './audit';
import { ApiDiff, ApiExport, ApiHistory, ApiVerify } from './responses';
import { diffQuery, exportQuery, historyQuery } from './schemas';

/** The audit routes every aggregate's controller has; its controller extends the class made here. */
export interface HistoryRoutes {
  history(id: string, query: z.output<typeof historyQuery>, ctx: RequestContext): Promise<unknown>;
  verify(id: string, ctx: RequestContext): Promise<unknown>;
  export(id: string, query: z.output<typeof exportQuery>, ctx: RequestContext, res: Response): Promise<void>;
  diff(id: string, query: z.output<typeof diffQuery>, ctx: RequestContext): Promise<unknown>;
}

/**
 * `GET :id/history` (a page of events, or the state at `asOf` / `version`), `:id/history/verify`, `:id/history/export`
 * (streamed) and `:id/history/diff` for the
 * aggregate whose NATS subjects start with `aggregate` (`mous.mou`), read from its event store. `label` names
 * the resource in the OpenAPI summaries.
 */
export function HistoryRoutes(aggregate: string, label: string): Type<HistoryRoutes> {
  class Routes implements HistoryRoutes {
    @Inject(AuditReads) protected readonly auditReads!: AuditReads;

    @Get(':id/history')
    @Roles(...CAN_AUDIT)
    @ApiOperation({ summary: `The ${label}’s events a page at a time, oldest first, or its state at asOf / version` })
    @ApiZodQuery(historyQuery)
    @ApiHistory()
    history(
      @Param('id', UuidParamPipe) id: string,
      @Query(new ZodPipe(historyQuery, 'query')) query: z.output<typeof historyQuery>,
      @ReqContext() ctx: RequestContext,
    ): Promise<unknown> {
      return this.auditReads.history(aggregate, id, query, ctx);
    }

    @Get(':id/history/verify')
    @Roles(...CAN_AUDIT)
    @ApiOperation({ summary: `Verify the ${label}’s hash chain` })
    @ApiVerify()
    verify(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext): Promise<unknown> {
      return this.auditReads.verify(aggregate, id, ctx);
    }

    @Get(':id/history/export')
    @Roles(...CAN_AUDIT)
    @ApiOperation({ summary: `Export the ${label}’s history as a file` })
    @ApiZodQuery(exportQuery)
    @ApiExport()
    export(
      @Param('id', UuidParamPipe) id: string,
      @Query(new ZodPipe(exportQuery, 'query')) query: z.output<typeof exportQuery>,
      @ReqContext() ctx: RequestContext,
      @Res() res: Response,
    ): Promise<void> {
      return this.auditReads.export(aggregate, id, query, ctx, res);
    }

    @Get(':id/history/diff')
    @Roles(...CAN_AUDIT)
    @ApiOperation({ summary: `What changed in the ${label} between two versions or instants, field by field, with the event that made each change` })
    @ApiZodQuery(diffQuery)
    @ApiDiff()
    diff(
      @Param('id', UuidParamPipe) id: string,
      @Query(new ZodPipe(diffQuery, 'query')) query: z.output<typeof diffQuery>,
      @ReqContext() ctx: RequestContext,
    ): Promise<unknown> {
      return this.auditReads.diff(aggregate, id, query, ctx);
    }
  }
  return Routes;
}
