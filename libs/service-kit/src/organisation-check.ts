import { OrganisationQueries, type OrganisationStatusReply } from '@pmt/contracts-partners';
import { isCodedError, isUuid, type FieldError } from '@pmt/kernel';
import type { NatsRequester, QueryMessage } from '@pmt/messaging';

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
  const verdicts = new Map(await Promise.all(unique.map(async (id) => [id, await verdict(requester, id, ask)] as const)));
  return refs.flatMap((r) => {
    const message = isUuid(r.id) ? verdicts.get(r.id) : null;
    return message ? [{ path: r.path, message }] : [];
  });
}

/** null when the organisation can be referenced; else why not. */
async function verdict(requester: NatsRequester, id: string, ask: Omit<QueryMessage, 'params'>): Promise<string | null> {
  try {
    const org = await requester.request<OrganisationStatusReply | null>(OrganisationQueries.get, { ...ask, params: { id } });
    if (!org) return 'no organisation has this id';
    return org.status === 'archived' ? 'this organisation is archived' : null;
  } catch (e) {
    if (isCodedError(e) && e.kind === 'not-found') return 'no organisation has this id';
    throw e;
  }
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
