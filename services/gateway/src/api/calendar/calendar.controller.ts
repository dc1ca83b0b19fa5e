import { gunzipSync } from 'node:zlib';
import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiZodQuery, Public, ReqContext, ZodPipe, type RequestContext } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { Response } from 'express';
import { Forwarder } from '../common/forwarder';
import { API_PREFIX } from '../common/schemas';
import { CALENDAR_FEED } from '../../infra/nats/subjects';
import { calendarQuery, type CalendarQuery } from './calendar.schemas';
import { FeedKeyGuard } from './feed-key.guard';

/**
 * The office's dates as an iCalendar feed a calendar app can subscribe to: activities with a time, proposal
 * submission deadlines, the last day of MOUs still running and their KPI report dates. The events service keeps
 * the calendar as a projection and writes the document; this route checks the caller and the query and forwards.
 * Its one credential is a feed key in `?key=` (FeedKeyGuard), never a bearer token: the JWT guard lets it through.
 */
@ApiTags('calendar')
@Controller(`${API_PREFIX}/`)
export class CalendarController {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  @Get('calendar.ics')
  @Public()
  @UseGuards(FeedKeyGuard)
  @ApiSecurity('feedKey')
  @ApiOperation({
    summary: 'iCalendar feed of activities, proposal deadlines, MOU expiries and KPI report dates',
    description:
      'Authenticated by `?key=` only (a feed key from POST /api/v1/calendar/feed-tokens), which answers its owner’s calendar and opens no other route. A bearer token in the URL (`?token=`, `?access_token=`) is 401.',
  })
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
