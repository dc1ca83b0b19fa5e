import { MAX_STATUS_IDS, OrganisationStatusQuery, type OrganisationStatusReply } from '@pmt/contracts-partners';
import { isUuid, type FieldError } from '@pmt/kernel';
import type { NatsRequester, QueryMessage } from '@pmt/messaging';
import type { z } from 'zod';

/** One organisation reference in a command's data, with the path a field error should name. */
export interface OrganisationRef {
  path: string;
  id: unknown;
}

/**
 * An MOU, proposal or grant naming an organisation nobody registered (or one archived) is a typo waiting to be
 * signed or paid: the service that keeps it asks partners about every reference before deciding, so every NATS
 * caller gets the same check, and names each bad one as a field error (`parties[1].organisationId`).
 * Ids that are not UUIDs are the schema's to report and are skipped. Unavailability is not the caller's fault:
 * the requester's SERVICE.UNAVAILABLE propagates (503) and nothing is written.
 */
export async function organisationErrors(requester: NatsRequester, refs: OrganisationRef[], ask: Omit<QueryMessage, 'params'>): Promise<FieldError[]> {
  const unique = [...new Set(refs.map((r) => r.id).filter(isUuid))];
  const statuses = new Map<string, OrganisationStatusReply['status']>();
  // One request for all of them (a create names two or more parties), in pieces a request may hold
  for (let i = 0; i < unique.length; i += STATUS_BATCH) {
    const ids = unique.slice(i, i + STATUS_BATCH);
    const found = await requester.request<OrganisationStatusReply[]>(OrganisationStatusQuery, { ...ask, params: { ids } });
    for (const { id, status } of found) statuses.set(id, status);
  }
  return refs.flatMap((r) => {
    const message = isUuid(r.id) ? verdict(statuses.get(r.id)) : null;
    return message ? [{ path: r.path, message }] : [];
  });
}

/** Ids per statuses request: half of what one may hold, so a reply stays small. */
const STATUS_BATCH = MAX_STATUS_IDS / 2;

/** null when the organisation can be referenced; else why not. */
function verdict(status: OrganisationStatusReply['status'] | undefined): string | null {
  if (status === undefined) return 'no organisation has this id';
  return status === 'archived' ? 'this organisation is archived' : null;
}

/** `field` of a command's data as references: a single id, or each element of an id array (`partnerIds[2]`). */
export function refsOf(data: unknown, field: string, inner?: string): OrganisationRef[] {
  const value = (data as Record<string, unknown> | null)?.[field];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return inner ? [] : [{ path: field, id: value }];
  return value.map((v, i) => ({
    path: inner ? `${field}[${i}].${inner}` : `${field}[${i}]`,
    id: inner ? (v as Record<string, unknown> | null)?.[inner] : v,
  }));
}

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

/** An object schema under its wrappers (a refined or piped schema keeps its shape one level in). */
function shapeOf(schema: z.ZodType): Record<string, unknown> | undefined {
  let t = schema as unknown as ZodInternals | undefined;
  for (let i = 0; i < 10 && t; i++) {
    if (t._zod.def.shape) return t._zod.def.shape;
    t = (t._zod.def.innerType ?? t._zod.def.in) as ZodInternals | undefined;
  }
  return undefined;
}

/**
 * The most items `field` of an object schema may hold (its `.max()`), through optional/nullable/default wrappers;
 * 1 for a single id. Read from the schema itself, so that the check never asks about more than the schema allows.
 */
export function maxItemsOf(schema: z.ZodType, field: string): number {
  let t = shapeOf(schema)?.[field] as ZodInternals | undefined;
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
 * The references worth asking about: per field, at most as many as the schema allows (a longer list is the schema's
 * 400 anyway), so a body of thousands of ids never becomes thousands of questions to partners.
 */
export function refsAllowedBy(schema: z.ZodType, refs: OrganisationRef[]): OrganisationRef[] {
  const taken = new Map<string, number>();
  return refs.filter((r) => {
    const field = r.path.split(/[[.]/)[0]!;
    const n = taken.get(field) ?? 0;
    taken.set(field, n + 1);
    return n < maxItemsOf(schema, field);
  });
}
