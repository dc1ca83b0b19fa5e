import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { Forwarder, readResponse, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand, ApiCreate, ApiGetOne, ApiList } from '../common/responses';
import { API_PREFIX } from '../common/schemas';
import {
  amend,
  createMou,
  listMous,
  MOU_PREFIX,
  MouCommands,
  MouQueries,
  renew,
  reportKpiProgress,
  requestSignatures,
  reviseTerms,
  sign,
  terminate,
} from '@pmt/contracts-mous';

export const MOUS_PATH = `${API_PREFIX}/mous`;

@ApiTags('mous')
@ApiBearerAuth()
@Controller(MOUS_PATH)
export class MousController extends HistoryRoutes(MOU_PREFIX, 'MOU') {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {
    super();
  }

  @Post()
  @HttpCode(201)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Draft an MOU between two or more registered organisations' })
  @ApiZodBody('CreateMou', createMou)
  @ApiCreate('MOU')
  async create(
    @Body(new ZodPipe(createMou)) body: z.output<typeof createMou>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    // unknown or archived parties are the mous service's to name (it asks partners): its 400 comes back as is
    const result = await this.forward.command(MouCommands.create, { ...ctx, expectedVersion: undefined }, body);
    res.location(`/${MOUS_PATH}/${result.id}`);
    return writeResponse(res, result);
  }

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'List MOUs' })
  @ApiZodQuery(listMous)
  @ApiList('MOUs')
  list(@Query(new ZodPipe(listMous, 'query')) query: z.output<typeof listMous>, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.forward.query(MouQueries.list, ctx, query);
  }

  @Get(':id')
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'An MOU’s current state' })
  @ApiGetOne('MOU')
  async get(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    return readResponse(res, await this.forward.query<Resource>(MouQueries.get, ctx, { id }));
  }

  @Post(':id/terms')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Revise terms while the MOU is not yet signed (any create field but parties)' })
  @ApiZodBody('ReviseMouTerms', reviseTerms)
  @ApiCommand('MOU')
  async reviseTerms(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(reviseTerms)) body: z.output<typeof reviseTerms>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.reviseTerms, ctx, body, id));
  }

  @Post(':id/signature-request')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Ask every party to sign' })
  @ApiZodBody('RequestMouSignatures', requestSignatures)
  @ApiCommand('MOU')
  async requestSignatures(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(requestSignatures)) body: z.output<typeof requestSignatures>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.requestSignatures, ctx, body, id));
  }

  @Post(':id/signatures')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Record one party’s signature' })
  @ApiZodBody('SignMou', sign)
  @ApiCommand('MOU')
  async sign(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(sign)) body: z.output<typeof sign>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.sign, ctx, body, id));
  }

  @Post(':id/amendments')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Amend a signed MOU' })
  @ApiZodBody('AmendMou', amend)
  @ApiCommand('MOU')
  async amend(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(amend)) body: z.output<typeof amend>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.amend, ctx, body, id));
  }

  @Post(':id/kpi-progress')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Report progress on a KPI' })
  @ApiZodBody('ReportMouKpiProgress', reportKpiProgress)
  @ApiCommand('MOU')
  async reportKpiProgress(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(reportKpiProgress)) body: z.output<typeof reportKpiProgress>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.reportKpiProgress, ctx, body, id));
  }

  @Post(':id/renewal')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Renew an active or recently expired MOU' })
  @ApiZodBody('RenewMou', renew)
  @ApiCommand('MOU')
  async renew(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(renew)) body: z.output<typeof renew>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.renew, ctx, body, id));
  }

  @Post(':id/termination')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Terminate an MOU (reason required)' })
  @ApiZodBody('TerminateMou', terminate)
  @ApiCommand('MOU')
  async terminate(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(terminate)) body: z.output<typeof terminate>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.terminate, ctx, body, id, { keepReason: true }));
  }

  @Post(':id/confidentiality')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({
    summary: 'Make an MOU confidential (only its lead team, admins and auditors see it) or open it again',
    description: 'Any status. Making it confidential needs a leadTeam (409 MOU.NO_LEAD_TEAM) and, for staff, membership of it (403 MOU.NOT_LEAD_TEAM).',
  })
  @ApiZodBody('SetMouConfidentiality', setConfidentiality)
  @ApiCommand('MOU')
  async setConfidentiality(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(setConfidentiality)) body: z.output<typeof setConfidentiality>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(MouCommands.setConfidentiality, ctx, body, id));
  }
}
