import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiZodBody, CAN_READ, CurrentPrincipal, Roles, UuidParamPipe, ZodPipe, type Principal } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import { API_PREFIX } from '../common/schemas';
import { createFeedToken, type CreateFeedToken } from './calendar.schemas';
import { FeedTokenStore, MAX_FEED_TOKENS_PER_OWNER, type FeedToken } from './feed-tokens.store';

export const FEED_TOKENS_PATH = `${API_PREFIX}/calendar/feed-tokens`;

const feedUrl = (token: string) => `/${API_PREFIX}/calendar.ics?key=${encodeURIComponent(token)}`;

const FEED_TOKEN_SCHEMA = {
  type: 'object',
  required: ['id', 'label', 'createdAt'],
  properties: { id: { type: 'string', format: 'uuid' }, label: { type: 'string', nullable: true }, createdAt: { type: 'string', format: 'date-time' } },
};

/**
 * Each person makes and revokes their own calendar feed keys. The value is answered once, at creation; afterwards
 * only its hash exists, so the list shows ids and labels, never a key.
 */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller(FEED_TOKENS_PATH)
export class FeedTokensController {
  constructor(@Inject(FeedTokenStore) private readonly tokens: FeedTokenStore) {}

  @Post()
  @HttpCode(201)
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'Make a calendar feed key for yourself: `url` is the feed to subscribe to (the key is shown only this once)' })
  @ApiZodBody('CreateFeedToken', createFeedToken)
  @ApiResponse({
    status: 201,
    description: 'The new key',
    schema: {
      type: 'object',
      required: ['id', 'token', 'url'],
      properties: { ...FEED_TOKEN_SCHEMA.properties, token: { type: 'string' }, url: { type: 'string', example: '/api/v1/calendar.ics?key=…' } },
    },
  })
  @ApiProblemResponses(400, 401, 403, 409)
  create(
    @Body(new ZodPipe(createFeedToken, 'body')) body: CreateFeedToken,
    @CurrentPrincipal() principal: Principal,
  ): FeedToken & { token: string; url: string } {
    const made = this.tokens.create(principal.actor, principal.roles, body.label, new Date(), principal.teams ?? []);
    if (!made) {
      throw new CodedError('FEED_TOKEN.TOO_MANY', 'conflict', `You already have ${MAX_FEED_TOKENS_PER_OWNER} feed keys: revoke one first`);
    }
    return { ...made, url: feedUrl(made.token) };
  }

  @Get()
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'Your calendar feed keys (ids and labels; never the key itself)' })
  @ApiResponse({
    status: 200,
    description: 'Your keys',
    schema: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: FEED_TOKEN_SCHEMA } } },
  })
  @ApiProblemResponses(401, 403)
  list(@CurrentPrincipal() principal: Principal): { items: FeedToken[] } {
    return { items: this.tokens.list(principal.actor) };
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...CAN_READ)
  @ApiOperation({ summary: 'Revoke one of your calendar feed keys: its URL answers 401 from now on' })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiProblemResponses(400, 401, 403, 404)
  revoke(@Param('id', UuidParamPipe) id: string, @CurrentPrincipal() principal: Principal): void {
    // someone else's key is answered like an unknown one: ids of other people's keys are nobody's business
    if (!this.tokens.revoke(principal.actor, id)) throw new CodedError('FEED_TOKEN.NOT_FOUND', 'not-found', 'You have no feed key with this id');
  }
}
