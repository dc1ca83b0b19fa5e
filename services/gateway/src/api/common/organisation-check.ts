import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@pmt/http';
import { isCodedError, isUuid, type FieldError } from '@pmt/kernel';
import type { OrganisationRef } from '@pmt/service-kit';
export type { OrganisationRef } from '@pmt/service-kit';
import { Forwarder } from './forwarder';
import { ORGANISATION, querySubject } from '../../infra/nats/subjects';

import { refsOf } from '@pmt/service-kit';
import type { z } from 'zod';

// Left here only until proposals, funding and events check their references themselves (mous does: service-kit's organisationErrors).
export { refsOf };

interface ZodInternals {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, unknown>;
      innerType?: unknown;
      in?: unknown;
      checks?: Array<{ _zod: { def: { check: string; maximum?: unknown } } }>;
    };
  };
}

/**
 * The most items `field` of an object schema may hold (its `.max()`), through optional/nullable/default wrappers;
 * 1 for a single id. Read from the schema itself so that the check below never asks about more than it allows.
 */
export function maxItemsOf(schema: z.ZodType, field: string): number {
  let t = (schema as unknown as ZodInternals)._zod.def.shape?.[field] as ZodInternals | undefined;
  for (let i = 0; i < 10 && t; i++) {
    const def = t._zod.def;
    if (def.type === 'array') {
      const max = def.checks?.find((c) => c._zod.def.check === 'max_length')?._zod.def.maximum;
      if (typeof max !== 'number') throw new Error(`${field}: an array of organisation ids needs a .max() in its schema`);
      return max;
    }
    if (def.type !== 'optional' && def.type !== 'nullable' && def.type !== 'default' && def.type !== 'pipe') return 1;
    t = (def.innerType ?? def.in) as ZodInternals | undefined;
  }
  throw new Error(`${field} is not a field of this schema`);
}

/**
 * The references to check in a parsed JSON body: at most as many as the schema allows for the field (a longer list is
 * the schema's 400 anyway), so a body of thousands of ids never becomes thousands of questions to partners.
 */
export function refsWithin(schema: z.ZodType, data: unknown, field: string, inner?: string): OrganisationRef[] {
  return refsOf(data, field, inner).slice(0, maxItemsOf(schema, field));
}

/**
 * An MOU, proposal or grant naming an organisation nobody registered is a typo waiting to be signed or paid:
 * before forwarding, the gateway asks partners about every referenced organisation and names each unknown or
 * archived one as a field error, so its errors join the schema's in one 400.
 */
@Injectable()
export class OrganisationCheck {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  /** Ids that are not UUIDs are the schema's to report and are skipped here. */
  async check(refs: OrganisationRef[], ctx: RequestContext): Promise<FieldError[]> {
    const unique = [...new Set(refs.map((r) => r.id).filter(isUuid))];
    const verdicts = new Map<string, string | null>(await Promise.all(unique.map(async (id) => [id, await this.verdict(id, ctx)] as const)));
    return refs.flatMap((r) => {
      const message = isUuid(r.id) ? verdicts.get(r.id) : null;
      return message ? [{ path: r.path, message }] : [];
    });
  }

  /** null when the organisation can be referenced; else why not. Unavailability is not the caller's fault: it propagates (503). */
  private async verdict(id: string, ctx: RequestContext): Promise<string | null> {
    try {
      const org = await this.forward.query<{ status?: unknown } | null>(querySubject(ORGANISATION, 'get'), ctx, { id });
      if (!org) return 'no organisation has this id';
      return org.status === 'archived' ? 'this organisation is archived' : null;
    } catch (e) {
      if (isCodedError(e) && e.kind === 'not-found') return 'no organisation has this id';
      throw e;
    }
  }
}
