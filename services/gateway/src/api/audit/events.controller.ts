import { Controller, Get, Inject, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiZodQuery, CAN_QUERY_AUDIT, ReqContext, Roles, writeStreamed, ZodPipe, type RequestContext } from '@pmt/http';
import { spreadsheetSafe } from '@pmt/kernel';
import type { AuditEvent } from '@pmt/service-kit';
import { stringify } from 'csv-stringify/sync';
import type { Response } from 'express';
import { API_PREFIX } from '../common/schemas';
import { AuditEventsReader } from './events.reader';
import { auditEventsQuery, type AuditEventsQuery } from './events.schemas';

const COLUMNS = [
  'service',
  'resourceType',
  'resourceId',
  'version',
  'type',
  'actor',
  'occurredAt',
  'recordedAt',
  'reason',
  'correlationId',
] as const satisfies readonly (keyof AuditEvent)[];
/** Events per internal page of the CSV export: the API's largest page. */
const EXPORT_PAGE = 500;
/** So that spreadsheet programs read the file as UTF-8 (Thai names and reasons). */
const BOM = '\uFEFF';

const itemSchema = {
  type: 'object',
  required: [...COLUMNS],
  properties: {
    service: { type: 'string', example: 'mous' },
    resourceType: { type: 'string', enum: ['organisation', 'proposal', 'mou', 'grant', 'activity', 'notification'] },
    resourceId: { type: 'string', format: 'uuid' },
    version: { type: 'integer', minimum: 1 },
    type: { type: 'string', example: 'MouSigned' },
    actor: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
    recordedAt: { type: 'string', format: 'date-time' },
    reason: { type: 'string', nullable: true },
    correlationId: { type: 'string' },
  },
};

/** Who changed what, when and why, across every service: the events themselves, read from each service's store. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/audit`)
export class AuditEventsController {
  private readonly log = new Logger('AuditEvents');

  constructor(@Inject(AuditEventsReader) private readonly reader: AuditEventsReader) {}

  @Get('events')
  @Roles(...CAN_QUERY_AUDIT)
  @ApiOperation({
    summary: 'Events across every service, newest first by recordedAt (auditors and admins)',
    description:
      'Filters combine (AND). from/to bound recordedAt, the instant the change was made in the system, not occurredAt (which admins may backdate). ' +
      'Mirrors of one service’s events kept by another are not listed twice. A service that does not answer makes the request fail with 503. ' +
      'format=csv answers the whole result as a file.',
  })
  @ApiZodQuery(auditEventsQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'A page of events (JSON), or with format=csv every matching event as a UTF-8 CSV file with a byte-order mark',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: { items: { type: 'array', items: itemSchema }, nextCursor: { type: 'string', nullable: true } },
        } as never,
      },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  @ApiProblemResponses(400, 401, 403, 503)
  async events(@Query(new ZodPipe(auditEventsQuery, 'query')) query: AuditEventsQuery, @ReqContext() ctx: RequestContext, @Res() res: Response): Promise<void> {
    if (query.format === 'json') {
      res.status(200).json(await this.reader.page(query, ctx));
      return;
    }
    const pages = await this.reader.pages(query, ctx, EXPORT_PAGE);
    res.status(200);
    res.attachment(`audit-events-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`);
    res.type('text/csv; charset=utf-8');
    try {
      await writeStreamed(res, BOM + stringify([[...COLUMNS]]));
      for await (const events of pages) {
        if (events.length > 0) await writeStreamed(res, stringify(events.map((e) => COLUMNS.map((c) => spreadsheetSafe(e[c])))));
      }
      res.end();
    } catch (error) {
      // The status is sent: cut the transfer, so that the client sees a broken download, never a file that looks complete.
      this.log.error(`audit export failed part-way (correlation ${ctx.correlationId}): ${String(error)}`);
      res.destroy(error as Error);
    }
  }
}
