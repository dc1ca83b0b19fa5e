import { Inject, Injectable } from '@nestjs/common';
import type { CommandContext, RequestContext } from '@pmt/http';
import { formatEtag } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { Response } from 'express';
import { NatsRequester, type CommandMessage, type CommandResult, type QueryMessage } from '@pmt/messaging';

export type Resource = Record<string, unknown>;

/** Turns a validated request into the wire messages and back; the one place that knows their shape. */
@Injectable()
export class Forwarder {
  constructor(@Inject(NatsRequester) private readonly nats: NatsRequester) {}

  /**
   * `reason` is metadata of the events, not part of the command's data, so it travels beside it; `keepReason`
   * also leaves it in the data for the one command whose domain needs it (termination records why it ended).
   */
  async command(
    subject: string,
    ctx: CommandContext,
    body: { reason?: string },
    id?: string,
    options: { keepReason?: boolean } = {},
  ): Promise<CommandResult<Resource>> {
    const { reason, ...rest } = body;
    const data = options.keepReason && reason !== undefined ? { ...rest, reason } : rest;
    const message: CommandMessage = {
      commandId: ctx.commandId,
      ...(ctx.commandFingerprint !== undefined && { commandFingerprint: ctx.commandFingerprint }),
      actor: ctx.actor,
      correlationId: ctx.correlationId,
      ...(id !== undefined && { id }),
      ...(ctx.expectedVersion !== undefined && { expectedVersion: ctx.expectedVersion }),
      ...(reason !== undefined && { reason }),
      ...(ctx.occurredAt !== undefined && { occurredAt: ctx.occurredAt }),
      viewer: ctx.viewer,
      data,
    };
    const result = await this.nats.request<CommandResult<Resource>>(subject, message);
    if (!result || typeof result.id !== 'string' || !Number.isSafeInteger(result.version)) {
      throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `command reply on ${subject} has no id and version`);
    }
    return result;
  }

  /** `timeoutMs` overrides the configured reply timeout, for the rare query whose work grows with a history's length. */
  query<T>(subject: string, ctx: RequestContext, params: Record<string, unknown>, timeoutMs?: number): Promise<T> {
    const message: QueryMessage = { actor: ctx.actor, correlationId: ctx.correlationId, viewer: ctx.viewer, params: stripUndefined(params) };
    return this.nats.request<T>(subject, message, timeoutMs);
  }
}

function stripUndefined(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

/**
 * The resource a write answers with, carrying the authoritative id and version; the version also goes to ETag.
 * A resource too large for the service's reply comes back without its state: the answer is then `{ id, version }`
 * with `Location` naming where to read it (docs/api.md).
 */
export function writeResponse(res: Response, result: CommandResult<Resource>): Resource {
  res.setHeader('ETag', formatEtag(result.version));
  if (result.resource === undefined && !res.getHeader('Location')) {
    const path = (res.req?.originalUrl ?? '').split('?')[0];
    const at = path.indexOf(result.id);
    if (at >= 0) res.location(path.slice(0, at + result.id.length));
  }
  return { ...(result.resource ?? {}), id: result.id, version: result.version };
}

export function readResponse(res: Response, resource: Resource): Resource {
  if (resource && Number.isSafeInteger(resource.version)) res.setHeader('ETag', formatEtag(resource.version as number));
  return resource;
}
