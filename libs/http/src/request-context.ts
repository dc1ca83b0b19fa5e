import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { principalOf, type AuthenticatedRequest } from './auth/principal';
import { correlationIdOf } from './correlation';
import { parseIfMatch } from './etag';
import { parseOccurredAt } from './occurred-at';
import { commandIdFor, requestFingerprint } from './idempotency';
import type { Viewer } from '@pmt/kernel';

/** Who asks and under which correlation id: what every query message carries. */
export interface RequestContext {
  actor: string;
  correlationId: string;
  /** Roles and teams of the person: services hide confidential records of other teams from them. */
  viewer: Viewer;
}

/** What a command message carries besides its data. */
export interface CommandContext extends RequestContext {
  commandId: string;
  /** With an Idempotency-Key only: what the request said (see requestFingerprint). */
  commandFingerprint?: string;
  /** From `If-Match`; absent when the client sent none. */
  expectedVersion?: number;
  /** The caller's roles, for rules that only some roles may invoke (an admin's late submission). */
  roles: string[];
  /** From `Occurred-At` (admins only): when the change really happened, for records entered after the fact. */
  occurredAt?: string;
}

type HttpRequest = Request & AuthenticatedRequest;

export function requestContextOf(req: HttpRequest): RequestContext {
  const { actor, roles, teams } = principalOf(req);
  return { actor, correlationId: correlationIdOf(req), viewer: { roles: [...roles], teams: [...(teams ?? [])] } };
}

export function commandContextOf(req: HttpRequest): CommandContext {
  const base = requestContextOf(req);
  const key = req.headers['idempotency-key'];
  const commandId = commandIdFor({ actor: base.actor, method: req.method, path: req.path, key });
  const expectedVersion = parseIfMatch(req.headers['if-match']);
  const { roles } = principalOf(req);
  const occurredAt = parseOccurredAt(req.headers['occurred-at'], roles);
  return {
    ...base,
    commandId,
    ...(key !== undefined && { commandFingerprint: requestFingerprint({ method: req.method, path: req.path, body: req.body as unknown, occurredAt }) }),
    roles,
    ...(expectedVersion !== undefined && { expectedVersion }),
    ...(occurredAt !== undefined && { occurredAt }),
  };
}

export const ReqContext = createParamDecorator((_: unknown, ctx: ExecutionContext) => requestContextOf(ctx.switchToHttp().getRequest<HttpRequest>()));

export const CmdContext = createParamDecorator((_: unknown, ctx: ExecutionContext) => commandContextOf(ctx.switchToHttp().getRequest<HttpRequest>()));
