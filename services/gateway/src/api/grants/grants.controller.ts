import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
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
import { setConfidentiality } from '@pmt/contracts-common';
import type { Response } from 'express';
import type { z } from 'zod';
import { HistoryRoutes } from '../common/history-routes';
import { BodyCheck } from '../common/checked-body';
import { Forwarder, readResponse, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand, ApiCreate, ApiGetOne, ApiList } from '../common/responses';
import { API_PREFIX } from '../common/schemas';
import { GRANT, querySubject } from '../../infra/nats/subjects';
import {
  closeOut,
  commitCoInvestment,
  confirmDisbursement,
  disburse,
  GRANT_PREFIX,
  GrantCommands,
  listGrants,
  openGrant,
  recordExpenditure,
  scheduleTranches,
} from '@pmt/contracts-funding';

export const GRANTS_PATH = `${API_PREFIX}/grants`;

@ApiTags('grants')
@ApiBearerAuth()
@Controller(GRANTS_PATH)
export class GrantsController extends HistoryRoutes(GRANT, 'grant') {
  constructor(
    @Inject(Forwarder) private readonly forward: Forwarder,
    @Inject(BodyCheck) private readonly bodies: BodyCheck,
  ) {
    super();
  }

  @Post()
  @HttpCode(201)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Open a grant directly (a grant is also opened by itself when a proposal is approved)' })
  @ApiZodBody('OpenGrant', openGrant)
  @ApiCreate('grant')
  async open(@Body() raw: unknown, @CmdContext() ctx: CommandContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    // partners apart from the funder, the period, and every organisation registered and not archived: the funding service's checks
    const body = await this.bodies.parse(openGrant, raw, { prefix: GRANT_PREFIX, command: 'open' }, ctx);
    const result = await this.forward.command(GrantCommands.open, { ...ctx, expectedVersion: undefined }, body);
    res.location(`/${GRANTS_PATH}/${result.id}`);
    return writeResponse(res, result);
  }

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'List grants' })
  @ApiZodQuery(listGrants)
  @ApiList('grants')
  list(@Query(new ZodPipe(listGrants, 'query')) query: z.output<typeof listGrants>, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.forward.query(querySubject(GRANT, 'list'), ctx, query);
  }

  @Get(':id')
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'A grant’s current state, with its tranches, disbursements, expenditures, co-investments and totals' })
  @ApiGetOne('grant')
  async get(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    return readResponse(res, await this.forward.query<Resource>(querySubject(GRANT, 'get'), ctx, { id }));
  }

  @Post(':id/tranches')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Schedule tranches; all tranches together stay within the awarded amount (409 says how much remains unscheduled)' })
  @ApiZodBody('ScheduleGrantTranches', scheduleTranches)
  @ApiCommand('grant')
  async scheduleTranches(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(scheduleTranches)) body: z.output<typeof scheduleTranches>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(GrantCommands.scheduleTranches, ctx, body, id));
  }

  @Post(':id/disbursements')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Record money paid out; never more than the awarded total (409 says how much remains)' })
  @ApiZodBody('DisburseGrantFunds', disburse)
  @ApiCommand('grant')
  @ApiResponse({
    status: 202,
    description: 'Above FOUR_EYES_THRESHOLD: the grant, its new disbursement pending-confirmation and uncounted; Location is the grant',
  })
  async disburse(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(disburse)) body: z.output<typeof disburse>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const result = await this.forward.command(GrantCommands.disburse, ctx, body, id);
    // the new disbursement is the last one; above FOUR_EYES_THRESHOLD it is only requested: 202 until someone else confirms
    const disbursements = (result.resource as { disbursements?: Array<{ status?: string }> } | undefined)?.disbursements ?? [];
    if (disbursements.at(-1)?.status === 'pending-confirmation') {
      res.status(202);
      res.location(`/${GRANTS_PATH}/${result.id}`);
    }
    return writeResponse(res, result);
  }

  @Post(':id/disbursements/:disbursementId/confirmation')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({
    summary: 'Confirm a disbursement held above FOUR_EYES_THRESHOLD; only then does it count (403 for its requester, 409 if already confirmed, 404 unknown)',
  })
  @ApiZodBody('ConfirmGrantDisbursement', confirmDisbursement)
  @ApiCommand('grant')
  async confirmDisbursement(
    @Param('id', UuidParamPipe) id: string,
    @Param('disbursementId', UuidParamPipe) disbursementId: string,
    @Body(new ZodPipe(confirmDisbursement)) body: z.output<typeof confirmDisbursement>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(GrantCommands.confirmDisbursement, ctx, { ...body, disbursementId } as { reason?: string }, id));
  }

  @Post(':id/expenditures')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Record money spent out of what was disbursed (409 says what remains unspent)' })
  @ApiZodBody('RecordGrantExpenditure', recordExpenditure)
  @ApiCommand('grant')
  async recordExpenditure(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(recordExpenditure)) body: z.output<typeof recordExpenditure>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(GrantCommands.recordExpenditure, ctx, body, id));
  }

  @Post(':id/co-investments')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Record money a registered organisation commits alongside the grant, in its own currency' })
  @ApiZodBody('CommitGrantCoInvestment', commitCoInvestment)
  @ApiCommand('grant')
  async commitCoInvestment(
    @Param('id', UuidParamPipe) id: string,
    @Body() raw: unknown,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const body = await this.bodies.parse(commitCoInvestment, raw, { prefix: GRANT_PREFIX, command: 'commitCoInvestment' }, ctx);
    return writeResponse(res, await this.forward.command(GrantCommands.commitCoInvestment, ctx, body, id));
  }

  @Post(':id/close-out')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Close the grant; while money is undisbursed or unspent only with a reason (409 names the amounts)' })
  @ApiZodBody('CloseOutGrant', closeOut)
  @ApiCommand('grant')
  async closeOut(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(closeOut)) body: z.output<typeof closeOut>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(GrantCommands.closeOut, ctx, body, id, { keepReason: true }));
  }

  @Post(':id/confidentiality')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({
    summary: 'Make a grant confidential (only its lead team, admins and auditors see it anywhere), or open it again; staff only for their own team',
  })
  @ApiZodBody('SetGrantConfidentiality', setConfidentiality)
  @ApiCommand('grant')
  async setConfidentiality(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(setConfidentiality)) body: z.output<typeof setConfidentiality>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    // whether this person may is the funding service's rule: it reads their roles and teams from the message
    return writeResponse(res, await this.forward.command(GrantCommands.setConfidentiality, ctx, body, id));
  }
}
