import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiZodBody,
  ApiZodQuery,
  CAN_AUDIT,
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
import { AuditReads } from '../common/audit';
import { Forwarder, readResponse, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand, ApiCreate, ApiExport, ApiGetOne, ApiHistory, ApiList, ApiVerify } from '../common/responses';
import { API_PREFIX, exportQuery, historyQuery } from '../common/schemas';
import { ORGANISATION, OrganisationCommands, querySubject } from '../../infra/nats/subjects';
import { addContact, archiveOrganisation, createOrganisation, listOrganisations, renameOrganisation } from './organisations.schemas';

export const ORGANISATIONS_PATH = `${API_PREFIX}/organisations`;

@ApiTags('organisations')
@ApiBearerAuth()
@Controller(ORGANISATIONS_PATH)
export class OrganisationsController {
  constructor(
    @Inject(Forwarder) private readonly forward: Forwarder,
    @Inject(AuditReads) private readonly audit: AuditReads,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Register an organisation (partner, funder)' })
  @ApiZodBody('CreateOrganisation', createOrganisation)
  @ApiCreate('organisation')
  async create(
    @Body(new ZodPipe(createOrganisation)) body: z.output<typeof createOrganisation>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const result = await this.forward.command(OrganisationCommands.register, { ...ctx, expectedVersion: undefined }, body);
    res.location(`/${ORGANISATIONS_PATH}/${result.id}`);
    return writeResponse(res, result);
  }

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'List organisations' })
  @ApiZodQuery(listOrganisations)
  @ApiList('organisations')
  list(@Query(new ZodPipe(listOrganisations, 'query')) query: z.output<typeof listOrganisations>, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.forward.query(querySubject(ORGANISATION, 'list'), ctx, query);
  }

  @Get(':id')
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'An organisation’s current state' })
  @ApiGetOne('organisation')
  async get(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext, @Res({ passthrough: true }) res: Response): Promise<Resource> {
    return readResponse(res, await this.forward.query<Resource>(querySubject(ORGANISATION, 'get'), ctx, { id }));
  }

  @Post(':id/contacts')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Add a contact person' })
  @ApiZodBody('AddContact', addContact)
  @ApiCommand('organisation')
  async addContact(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(addContact)) body: z.output<typeof addContact>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(OrganisationCommands.addContact, ctx, body, id));
  }

  @Post(':id/rename')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Rename an organisation' })
  @ApiZodBody('RenameOrganisation', renameOrganisation)
  @ApiCommand('organisation')
  async rename(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(renameOrganisation)) body: z.output<typeof renameOrganisation>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(OrganisationCommands.rename, ctx, body, id));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @Roles(...CAN_WRITE)
  @ApiOperation({ summary: 'Archive an organisation' })
  @ApiZodBody('ArchiveOrganisation', archiveOrganisation)
  @ApiCommand('organisation')
  async archive(
    @Param('id', UuidParamPipe) id: string,
    @Body(new ZodPipe(archiveOrganisation)) body: z.output<typeof archiveOrganisation>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(OrganisationCommands.archive, ctx, body, id));
  }

  @Get(':id/history')
  @Roles(...CAN_AUDIT)
  @ApiOperation({ summary: 'Every event of the organisation, or its state at asOf / version' })
  @ApiZodQuery(historyQuery)
  @ApiHistory()
  history(
    @Param('id', UuidParamPipe) id: string,
    @Query(new ZodPipe(historyQuery, 'query')) query: z.output<typeof historyQuery>,
    @ReqContext() ctx: RequestContext,
  ): Promise<unknown> {
    return this.audit.history(ORGANISATION, id, query, ctx);
  }

  @Get(':id/history/verify')
  @Roles(...CAN_AUDIT)
  @ApiOperation({ summary: 'Verify the organisation’s hash chain' })
  @ApiVerify()
  verify(@Param('id', UuidParamPipe) id: string, @ReqContext() ctx: RequestContext): Promise<unknown> {
    return this.audit.verify(ORGANISATION, id, ctx);
  }

  @Get(':id/history/export')
  @Roles(...CAN_AUDIT)
  @ApiOperation({ summary: 'Export the organisation’s history as a file' })
  @ApiZodQuery(exportQuery)
  @ApiExport()
  export(
    @Param('id', UuidParamPipe) id: string,
    @Query(new ZodPipe(exportQuery, 'query')) query: z.output<typeof exportQuery>,
    @ReqContext() ctx: RequestContext,
    @Res() res: Response,
  ): Promise<void> {
    return this.audit.export(ORGANISATION, id, query, ctx, res);
  }
}
