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
import type { Response } from 'express';
import type { z } from 'zod';
import { HistoryRoutes } from '../common/history-routes';
import { Forwarder, readResponse, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand, ApiCreate, ApiGetOne, ApiList } from '../common/responses';
import { API_PREFIX } from '../common/schemas';
import { ORGANISATION, OrganisationCommands, querySubject } from '../../infra/nats/subjects';
import { addContact, archiveOrganisation, createOrganisation, listOrganisations, renameOrganisation } from './organisations.schemas';

export const ORGANISATIONS_PATH = `${API_PREFIX}/organisations`;

@ApiTags('organisations')
@ApiBearerAuth()
@Controller(ORGANISATIONS_PATH)
export class OrganisationsController extends HistoryRoutes(ORGANISATION, 'organisation') {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {
    super();
  }

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
}
