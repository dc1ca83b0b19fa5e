import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { CodedError } from '@pmt/kernel';

export interface Principal {
  /** The token's `sub`: recorded as the actor of every event this request causes. */
  actor: string;
  roles: string[];
  /** The `teams` claim, or a local account's teams (IASA, NMCO, ...). */
  teams?: string[];
}

export interface AuthenticatedRequest {
  principal?: Principal;
}

export function principalOf(req: AuthenticatedRequest): Principal {
  if (!req.principal) throw new CodedError('AUTH.MISSING_TOKEN', 'unauthorized', 'A bearer token is required');
  return req.principal;
}

/** `@CurrentPrincipal() p: Principal` in a handler behind the JWT guard. */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => principalOf(ctx.switchToHttp().getRequest<AuthenticatedRequest>()));
