import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { CAN_READ, type AuthenticatedRequest } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { Request } from 'express';
import { FeedTokenStore } from './feed-tokens.store';

/** Query parameters that once carried a bearer token: a URL ends up in logs, histories and proxies, so never again. */
export const BEARER_QUERY_PARAMETERS = ['access_token', 'token'] as const;

const unauthorized = (code: string, message: string) => new CodedError(code, 'unauthorized', message);

/**
 * The calendar feed's only credential: `?key=<feed key>` (POST /api/v1/calendar/feed-tokens). The key stands for its
 * owner on this route and no other (the JWT guard ignores it everywhere else). A bearer token in the query string is
 * refused even next to a good key, so a URL that leaks one is never accepted.
 */
@Injectable()
export class FeedKeyGuard implements CanActivate {
  constructor(@Inject(FeedTokenStore) private readonly tokens: FeedTokenStore) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const query = (req.query ?? {}) as Record<string, unknown>;
    if (BEARER_QUERY_PARAMETERS.some((name) => name in query)) {
      throw unauthorized('AUTH.TOKEN_IN_URL', 'A bearer token is never accepted in a URL: create a feed key (POST /api/v1/calendar/feed-tokens) and use ?key=');
    }
    const key = query.key;
    if (key === undefined) throw unauthorized('AUTH.MISSING_FEED_KEY', 'The calendar feed needs ?key= (POST /api/v1/calendar/feed-tokens makes one)');
    const owner = typeof key === 'string' && key.length > 0 && key.length <= 200 ? this.tokens.resolve(key) : undefined;
    if (!owner) throw unauthorized('AUTH.BAD_FEED_KEY', 'The feed key is not valid (unknown or revoked)');
    if (!owner.roles.some((r) => CAN_READ.includes(r as (typeof CAN_READ)[number]))) {
      throw new CodedError('AUTH.FORBIDDEN', 'forbidden', `This needs one of the roles: ${CAN_READ.join(', ')}`);
    }
    // the key stands for its owner as they were when they made it: their roles and teams decide what the feed shows
    req.principal = { actor: owner.owner, roles: owner.roles, teams: owner.teams };
    return true;
  }
}
