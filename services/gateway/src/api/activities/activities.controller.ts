import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiZodBody,
  ApiZodQuery,
  CAN_READ,
  CAN_WRITE,
  CmdContext,
  ReqContext,
  Roles,
  UuidParamPipe,
  ZodPipe,
  type CommandContext,
  type RequestContext,
} from '@pmt/http';
import type { Response } from 'express';
import type { z } from 'zod';
import { HistoryRoutes } from '../common/history-routes';
import { BodyCheck } from '../common/checked-body';
import { Forwarder, readResponse, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand, ApiCreate, ApiGetOne, ApiList } from '../common/responses';
import { API_PREFIX } from '../common/schemas';
import { ACTIVITY, querySubject } from '../../infra/nats/subjects';
import { ActivityCommands } from '@pmt/contracts-events';
import { setConfidentiality } from '@pmt/contracts-common';
import { ACTIVITY_PREFIX, cancellation, completion, createActivity, followUpTask, listActivities, schedule, taskCompletion } from '@pmt/contracts-events';

export const ACTIVITIES_PATH = `${API_PREFIX}/activities`;

@ApiTags('activities')
@ApiBearerAuth()
@Controller(ACTIVITIES_PATH)
export class ActivitiesController extends HistoryRoutes(ACTIVITY, 'activity') {
  constructor(
    @Inject(Forwarder) private readonly forward: Forwarder,
    @Inject(BodyCheck) private readonly bodies: BodyCheck,
  ) {
    super();
  }

  @Post()
  @HttpCode(201)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Plan an activity with the organisations taking part; with startsAt and endsAt it is scheduled at once' })
  @ApiZodBody('CreateActivity', createActivity)
  @ApiCreate('activity')
  async create(@Body() raw: unknown, @CmdContext() ctx: CommandContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    // organisations each once and registered, and a slot that ends after it starts: the events service's checks
    const body = await this.bodies.parse(createActivity, raw, { prefix: ACTIVITY_PREFIX, command: 'create' }, ctx);
    const result = await this.forward.command(ActivityCommands.create, { ...ctx, expectedVersion: undefined }, body);
    res.location(`/${ACTIVITIES_PATH}/${result.id}`);
    return writeResponse(res, result);
  }

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'List activities; from/to bound startsAt (dates are whole office days in Bangkok)' })
  @ApiZodQuery(listActivities)
  @ApiList('activities')
  list(@Query(new ZodPipe(listActivities, 'query')) query: z.output<typeof listActivities>, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.forward.query(querySubject(ACTIVITY, 'list'), ctx, query);
  }

  @Get(':id')
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'An activity’s current state' })
  @ApiGetOne('activity')
  async get(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    return readResponse(res, await this.forward.query<Resource>(querySubject(ACTIVITY, 'get'), ctx, { id }));
  }

  @Post(':id/schedule')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Schedule or reschedule an activity that is planned or scheduled' })
  @ApiZodBody('ScheduleActivity', schedule)
  @ApiCommand('activity')
  async schedule(
    @Param('id', UuidParamPipe) id: string,
    @Body() raw: unknown,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const body = await this.bodies.parse(schedule, raw, { prefix: ACTIVITY_PREFIX, command: 'schedule' }, ctx);
    return writeResponse(res, await this.forward.command(ActivityCommands.schedule, ctx, body, id));
  }

  @Post(':id/completion')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Record a scheduled activity as held, once it has started: attendance and outcomes' })
  @ApiZodBody('CompleteActivity', completion)
  @ApiCommand('activity')
  async complete(
    @Param('id', UuidParamPipe) id: string,
    @Body() raw: unknown,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const body = await this.bodies.parse(completion, raw, { prefix: ACTIVITY_PREFIX, command: 'complete' }, ctx);
    return writeResponse(res, await this.forward.command(ActivityCommands.complete, ctx, body, id));
  }

  @Post(':id/cancellation')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Cancel a planned or scheduled activity (reason required)' })
  @ApiZodBody('CancelActivity', cancellation)
  @ApiCommand('activity')
  async cancel(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(cancellation)) body: z.output<typeof cancellation>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(ActivityCommands.cancel, ctx, body, id, { keepReason: true }));
  }

  @Post(':id/confidentiality')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({
    summary: 'Make an activity confidential (only its lead team, admins and auditors see it anywhere) or open it again; in any status',
  })
  @ApiZodBody('SetActivityConfidentiality', setConfidentiality)
  @ApiCommand('activity')
  async setConfidentiality(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(setConfidentiality)) body: z.output<typeof setConfidentiality>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(ActivityCommands.setConfidentiality, ctx, body, id));
  }

  @Post(':id/tasks')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Add a follow-up task to an activity that is not cancelled; the answer lists it in followUpTasks with its id' })
  @ApiZodBody('AddFollowUpTask', followUpTask)
  @ApiCommand('activity')
  async addTask(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(followUpTask)) body: z.output<typeof followUpTask>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(ActivityCommands.addTask, ctx, body, id));
  }

  @Post(':id/tasks/:taskId/completion')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Mark a follow-up task done' })
  @ApiParam({ name: 'taskId', format: 'uuid', description: 'The task’s id, from the activity’s followUpTasks' })
  @ApiZodBody('CompleteFollowUpTask', taskCompletion)
  @ApiCommand('activity')
  async completeTask(
    @Param('id', UuidParamPipe) id: string,
    @Param('taskId', UuidParamPipe) taskId: string,
    @Body(new ZodPipe(taskCompletion)) body: z.output<typeof taskCompletion>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const command: { reason?: string; taskId: string } = { ...body, taskId };
    return writeResponse(res, await this.forward.command(ActivityCommands.completeTask, ctx, command, id));
  }
}
