import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, ApiZodQuery, CAN_READ, CmdContext, ReqContext, Roles, UuidParamPipe, ZodPipe, type CommandContext, type RequestContext } from '@pmt/http';
import type { Response } from 'express';
import type { z } from 'zod';
import { BodyCheck } from '../common/checked-body';
import { HistoryRoutes } from '../common/history-routes';
import { Forwarder, readResponse, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand, ApiCreate, ApiGetOne, ApiList } from '../common/responses';
import { API_PREFIX } from '../common/schemas';
import { NOTIFICATION, querySubject } from '../../infra/nats/subjects';
import { acknowledgement, listNotifications, ME, NOTIFICATION_PREFIX, NotificationCommands, testNotification } from '@pmt/contracts-notifications';

export const NOTIFICATIONS_PATH = `${API_PREFIX}/notifications`;

/**
 * Notifications are produced by the system (the workflows); the API reads them, clears the in-app inbox and lets an
 * admin send a test message.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller(NOTIFICATIONS_PATH)
export class NotificationsController extends HistoryRoutes(NOTIFICATION, 'notification') {
  constructor(
    @Inject(Forwarder) private readonly forward: Forwarder,
    @Inject(BodyCheck) private readonly bodies: BodyCheck,
  ) {
    super();
  }

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'Admins only: send a test notification (email, webhook or in-app) to check that it arrives' })
  @ApiZodBody('TestNotification', testNotification)
  @ApiCreate('notification')
  async create(@Body() raw: unknown, @CmdContext() ctx: CommandContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    // whether an email recipient is an address is the service's rule: it answers that 400
    const body = await this.bodies.parse(testNotification, raw, { prefix: NOTIFICATION_PREFIX, command: 'request' }, ctx);
    const result = await this.forward.command(NotificationCommands.request, { ...ctx, expectedVersion: undefined }, body);
    res.location(`/${NOTIFICATIONS_PATH}/${result.id}`);
    return writeResponse(res, result);
  }

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'List notifications; `recipient=me&channel=in-app&status=sent` is the caller’s unread inbox' })
  @ApiZodQuery(listNotifications)
  @ApiList('notifications')
  list(@Query(new ZodPipe(listNotifications, 'query')) query: z.output<typeof listNotifications>, @ReqContext() ctx: RequestContext): Promise<unknown> {
    const recipient = query.recipient === ME ? ctx.actor : query.recipient;
    return this.forward.query(querySubject(NOTIFICATION, 'list'), ctx, { ...query, recipient });
  }

  @Get(':id')
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'A notification’s current state: status, attempts, last error, when it was sent or why it was given up' })
  @ApiGetOne('notification')
  async get(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    return readResponse(res, await this.forward.query<Resource>(querySubject(NOTIFICATION, 'get'), ctx, { id }));
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'Acknowledge an in-app notification: its recipient may, and staff or an admin for anyone (a team’s inbox)' })
  @ApiZodBody('AcknowledgeNotification', acknowledgement)
  @ApiCommand('notification')
  async acknowledge(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(acknowledgement)) body: z.output<typeof acknowledgement>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(NotificationCommands.acknowledge, ctx, body, id));
  }
}
