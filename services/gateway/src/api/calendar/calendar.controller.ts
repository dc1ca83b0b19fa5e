import { gunzipSync } from 'node:zlib';
import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AcceptsQueryToken, ApiProblemResponses, ApiZodQuery, CAN_READ, ReqContext, Roles, ZodPipe, type RequestContext } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { Response } from 'express';
import { Forwarder } from '../common/forwarder';
import { API_PREFIX } from '../common/schemas';
import { CALENDAR_FEED } from '../../infra/nats/subjects';
import { calendarQuery, type CalendarQuery } from './calendar.schemas';

/**
 * The office's dates as an iCalendar feed a calendar app can subscribe to: activities with a time, proposal
 * submission deadlines, the last day of MOUs still running and their KPI report dates. The events service keeps
 * the calendar as a projection and writes the document; this route checks the caller and the query and forwards.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/`)
export class CalendarController {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  @Get('calendar.ics')
  @Roles(...CAN_READ)
  @AcceptsQueryToken()
  @ApiOperation({ summary: 'iCalendar feed of activities, proposal deadlines, MOU expiries and KPI report dates' })
  @ApiZodQuery(calendarQuery)
  @ApiProduces('text/calendar')
  @ApiResponse({ status: 200, description: 'An iCalendar (RFC 5545) document, UTF-8', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiProblemResponses(400, 401, 403, 503)
  async feed(@Query(new ZodPipe(calendarQuery, 'query')) query: CalendarQuery, @ReqContext() ctx: RequestContext, @Res() res: Response): Promise<void> {
    const answer = await this.forward.query<{ icsGzip?: unknown }>(CALENDAR_FEED, ctx, { team: query.team, organisationId: query.organisationId });
    if (!answer || typeof answer.icsGzip !== 'string') throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `reply on ${CALENDAR_FEED} has no icsGzip`);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="partnership-tracker.ics"');
    res.status(200).send(gunzipSync(Buffer.from(answer.icsGzip, 'base64')).toString('utf8'));
  }
}
