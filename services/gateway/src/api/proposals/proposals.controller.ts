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
import { BodyCheck } from '../common/checked-body';
import { Forwarder, readResponse, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand, ApiCreate, ApiGetOne, ApiList } from '../common/responses';
import { API_PREFIX } from '../common/schemas';
import { PROPOSAL, querySubject } from '../../infra/nats/subjects';
import {
  createProposal,
  decision,
  listProposals,
  PROPOSAL_PREFIX,
  ProposalCommands,
  resubmission,
  reviewNote,
  reviseDraft,
  submission,
  withdrawal,
} from '@pmt/contracts-proposals';

export const PROPOSALS_PATH = `${API_PREFIX}/proposals`;

@ApiTags('proposals')
@ApiBearerAuth()
@Controller(PROPOSALS_PATH)
export class ProposalsController extends HistoryRoutes(PROPOSAL, 'proposal') {
  constructor(
    @Inject(Forwarder) private readonly forward: Forwarder,
    @Inject(BodyCheck) private readonly bodies: BodyCheck,
  ) {
    super();
  }

  @Post()
  @HttpCode(201)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Draft a proposal to a funder, with its partners (registered organisations)' })
  @ApiZodBody('CreateProposal', createProposal)
  @ApiCreate('proposal')
  async create(@Body() raw: unknown, @CmdContext() ctx: CommandContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    // partners apart from the funder, and every organisation registered and not archived: the proposals service's checks
    const body = await this.bodies.parse(createProposal, raw, { prefix: PROPOSAL_PREFIX, command: 'create' }, ctx);
    const result = await this.forward.command(ProposalCommands.create, { ...ctx, expectedVersion: undefined }, body);
    res.location(`/${PROPOSALS_PATH}/${result.id}`);
    return writeResponse(res, result);
  }

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'List proposals' })
  @ApiZodQuery(listProposals)
  @ApiList('proposals')
  list(@Query(new ZodPipe(listProposals, 'query')) query: z.output<typeof listProposals>, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.forward.query(querySubject(PROPOSAL, 'list'), ctx, query);
  }

  @Get(':id')
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'A proposal’s current state' })
  @ApiGetOne('proposal')
  async get(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    return readResponse(res, await this.forward.query<Resource>(querySubject(PROPOSAL, 'get'), ctx, { id }));
  }

  @Post(':id/draft')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Revise the fields of a draft, or of a proposal returned for revision (any create field)' })
  @ApiZodBody('ReviseProposalDraft', reviseDraft)
  @ApiCommand('proposal')
  async reviseDraft(
    @Param('id', UuidParamPipe) id: string,
    @Body() raw: unknown,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const body = await this.bodies.parse(reviseDraft, raw, { prefix: PROPOSAL_PREFIX, command: 'reviseDraft' }, ctx);
    return writeResponse(res, await this.forward.command(ProposalCommands.reviseDraft, ctx, body, id));
  }

  @Post(':id/review-notes')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Add an internal review note while the proposal is open' })
  @ApiZodBody('NoteProposalReview', reviewNote)
  @ApiCommand('proposal')
  async noteReview(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(reviewNote)) body: z.output<typeof reviewNote>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(ProposalCommands.noteReview, ctx, body, id));
  }

  @Post(':id/submission')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Submit a draft to the funder; after the deadline only an admin may, with a lateReason' })
  @ApiZodBody('SubmitProposal', submission)
  @ApiCommand('proposal')
  async submit(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(submission)) body: z.output<typeof submission>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    // Excusing a missed deadline is an admin's call: the proposals decider makes it from the roles the message carries.
    return writeResponse(res, await this.forward.command(ProposalCommands.submit, ctx, body, id));
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({
    summary: 'Record the funder’s decision on a submitted proposal: approved (with awardedAmount), rejected or revision-requested (with reasons)',
  })
  @ApiZodBody('DecideProposal', decision)
  @ApiCommand('proposal')
  async decide(
    @Param('id', UuidParamPipe) id: string,
    @Body() raw: unknown,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    // what each outcome needs is the proposals service's rule
    const body = await this.bodies.parse(decision, raw, { prefix: PROPOSAL_PREFIX, command: 'decide' }, ctx);
    return writeResponse(res, await this.forward.command(ProposalCommands.decide, ctx, body, id));
  }

  @Post(':id/resubmission')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Resubmit a proposal the funder returned for revision, optionally with a new amount' })
  @ApiZodBody('ResubmitProposal', resubmission)
  @ApiCommand('proposal')
  async resubmit(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(resubmission)) body: z.output<typeof resubmission>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(ProposalCommands.resubmit, ctx, body, id));
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Withdraw an open proposal (reason required)' })
  @ApiZodBody('WithdrawProposal', withdrawal)
  @ApiCommand('proposal')
  async withdraw(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(withdrawal)) body: z.output<typeof withdrawal>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(ProposalCommands.withdraw, ctx, body, id, { keepReason: true }));
  }

  @Post(':id/confidentiality')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({
    summary: 'Make a proposal confidential (only its lead team, admins and auditors see it anywhere), or open it again; staff only for their own team',
  })
  @ApiZodBody('SetProposalConfidentiality', setConfidentiality)
  @ApiCommand('proposal')
  async setConfidentiality(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(setConfidentiality)) body: z.output<typeof setConfidentiality>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    // whether this person may is the proposals service's rule: it reads their roles and teams from the message
    return writeResponse(res, await this.forward.command(ProposalCommands.setConfidentiality, ctx, body, id));
  }
}
