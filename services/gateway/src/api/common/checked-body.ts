import { Inject, Injectable } from '@nestjs/common';
import { validateSubject, type ValidateReply } from '@pmt/contracts-common';
import { parseWith, validationError, type RequestContext } from '@pmt/http';
import type { z } from 'zod';
import { Forwarder } from './forwarder';

/**
 * The gateway checks a body's shape with the contract's schema; the rules across fields and the organisations it
 * names are the owning service's to check (its routes do, whoever sends the command). When the shape is wrong,
 * the command is not sent: the service is asked what else is wrong (`<prefix>.validate`, which writes nothing), so
 * that one 400 names every bad field as before. If it cannot answer, the schema's errors alone are the answer.
 */
@Injectable()
export class BodyCheck {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  async parse<S extends z.ZodType>(schema: S, raw: unknown, owner: { prefix: string; command: string }, ctx: RequestContext): Promise<z.output<S>> {
    const parsed = parseWith(schema, raw);
    if (parsed.ok) return parsed.value;
    let more: ValidateReply['errors'] = [];
    try {
      more = (await this.forward.query<ValidateReply>(validateSubject(owner.prefix), ctx, { command: owner.command, data: raw })).errors ?? [];
    } catch {
      // the shape's errors are certain and the caller's to fix; a service that cannot answer adds nothing to them
    }
    throw validationError([...parsed.errors, ...more], 'request body');
  }
}
