import { Body, Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody, CmdContext, ReqContext, Roles, UuidParamPipe, ZodPipe, type CommandContext, type RequestContext } from '@pmt/http';
import { eraseContact, PersonalDataSubjects } from '@pmt/contracts-partners';
import type { Response } from 'express';
import type { z } from 'zod';
import { Forwarder, writeResponse, type Resource } from '../common/forwarder';
import { ApiCommand } from '../common/responses';
import { ORGANISATIONS_PATH } from './organisations.controller';

/**
 * Thailand's PDPA for contact persons (docs/personal-data.md): erasure destroys the person's key, the export gives
 * their data back to them. Both are the administrator's: requests from data subjects come to the office, and
 * neither is everyday staff work.
 */
@ApiTags('organisations')
@ApiBearerAuth()
@Controller(ORGANISATIONS_PATH)
export class ContactsPersonalDataController {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  @Post(':id/contacts/:contactId/erasure')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Erase a contact person’s personal data (PDPA)',
    description:
      'Records ContactErased (who, when, why; no personal data) and destroys the contact’s key: reads show `{ id, erased: true, erasedAt }`, history still verifies. A second erasure is 409; an unknown contact 404.',
  })
  @ApiZodBody('EraseContact', eraseContact)
  @ApiCommand('organisation')
  async erase(
    @Param('id', UuidParamPipe) id: string,
    @Param('contactId', UuidParamPipe) contactId: string,
    @Body(new ZodPipe(eraseContact)) body: z.output<typeof eraseContact>,
    @CmdContext() ctx: CommandContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    return writeResponse(res, await this.forward.command(PersonalDataSubjects.eraseContact, ctx, { ...body, contactId } as { reason: string }, id));
  }

  @Get(':id/contacts/:contactId/personal-data')
  @Roles('admin')
  @ApiOperation({
    summary: 'One contact person’s data, for them (PDPA access request)',
    description:
      'Name, email, phone, role, the organisation, when recorded and the events that touched it. An erased contact is 404 with code ORGANISATION.CONTACT_ERASED.',
  })
  personalData(
    @Param('id', UuidParamPipe) id: string,
    @Param('contactId', UuidParamPipe) contactId: string,
    @ReqContext() ctx: RequestContext,
  ): Promise<unknown> {
    return this.forward.query(PersonalDataSubjects.personalData, ctx, { id, contactId });
  }
}
