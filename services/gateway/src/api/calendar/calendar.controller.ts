import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AcceptsQueryToken, ApiProblemResponses, ApiZodQuery, CAN_READ, ReqContext, Roles, ZodPipe, type RequestContext } from '@pmt/http';
import type { Response } from 'express';
import { Forwarder } from '../common/forwarder';
import { API_PREFIX } from '../common/schemas';
import { renderCalendar } from './calendar.feed';
import { calendarQuery, type CalendarQuery } from './calendar.schemas';
import { calendarEntries } from './calendar.sources';

/**
 * The office's dates as an iCalendar feed a calendar app can subscribe to: activities with a time, proposal
 * submission deadlines, the last day of MOUs still running and their KPI report dates.
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
    const entries = await calendarEntries(this.forward, ctx, query);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="partnership-tracker.ics"');
    res.status(200).send(renderCalendar(entries, calendarName(query)));
  }
}

function calendarName(q: CalendarQuery): string {
  const parts = [q.team && `team ${q.team}`, q.organisationId && `organisation ${q.organisationId}`].filter(Boolean);
  return parts.length ? `Partnership tracker (${parts.join(', ')})` : 'Partnership tracker';
}
