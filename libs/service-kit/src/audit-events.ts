import type { EventStore } from '@pmt/event-store';
import { invalid, parseStreamId, type FieldError, type StoredEvent } from '@pmt/kernel';
import type { QueryMessage } from '@pmt/messaging';
import type { Route } from './nats-controller';

/** `<service>.audit.events`: that service's events for the cross-service audit query (GET /api/v1/audit/events). */
export const auditEventsSubject = (service: string): string => `${service}.audit.events`;

/** Most events one request may ask for (the API's page limit). */
export const AUDIT_MAX_LIMIT = 500;

/** What the gateway sends; every filter given must match. */
export interface AuditEventsParams {
  actor?: string;
  /** recordedAt at or after this instant. */
  from?: string;
  /** recordedAt before this instant (exclusive). */
  to?: string;
  types?: string[];
  /** A stream category of this service (they are named like the API's resources: `mou`, `grant`...). */
  resourceType?: string;
  /** A lower-case UUID. */
  resourceId?: string;
  limit: number;
  /** Only events at or before this global position of this service's store (from a previous answer's `next`). */
  upTo?: number;
}

/** One event as the audit query shows it: who changed what, when and why; not its data. */
export interface AuditEvent {
  service: string;
  resourceType: string;
  resourceId: string;
  version: number;
  type: string;
  actor: string;
  occurredAt: string;
  recordedAt: string;
  reason: string | null;
  correlationId: string;
}

export interface AuditEventsPage {
  /** Newest first, each with its global position in this service's store. */
  items: Array<AuditEvent & { position: number }>;
  /** The position of the next older matching event (the next request's `upTo`), or null when there is none. */
  next: number | null;
}

/** Well under a NATS message (1 MiB): 500 events with 2,000-character Thai reasons would not fit in one. */
const MAX_PAGE_BYTES = 512 * 1024;

/**
 * Answers `<service>.audit.events` from the service's own aggregate streams only: never the inbox mirrors (copies of
 * other services' events, answered by their owners) nor other local streams. A page may hold fewer than `limit`
 * events when they would not fit in one message; `next` then says where to go on.
 */
export function auditEventsRoute(service: string, events: EventStore, categories: readonly string[]): Route {
  return {
    subject: auditEventsSubject(service),
    handle: async (message: QueryMessage<Partial<AuditEventsParams>>) => {
      const p = checkParams(message?.params ?? {});
      if (p.resourceType !== undefined && !categories.includes(p.resourceType)) return { items: [], next: null } satisfies AuditEventsPage;
      const wanted = p.resourceType !== undefined ? [p.resourceType] : [...categories];
      const found = await events.queryEvents(
        {
          categories: wanted,
          ...(p.resourceId !== undefined && { streamIds: wanted.map((c) => `${c}-${p.resourceId}`) }),
          ...(p.actor !== undefined && { actor: p.actor }),
          ...(p.types !== undefined && { types: p.types }),
          ...(p.from !== undefined && { recordedFrom: p.from }),
          ...(p.to !== undefined && { recordedBefore: p.to }),
        },
        { limit: p.limit + 1, ...(p.upTo !== undefined && { upTo: p.upTo }) },
      );
      return pageOf(service, found, p.limit);
    },
  };
}

function pageOf(service: string, found: StoredEvent[], limit: number): AuditEventsPage {
  const items: AuditEventsPage['items'] = [];
  let bytes = 0;
  for (const event of found.slice(0, limit)) {
    const item = { ...auditEventOf(service, event), position: event.globalPosition };
    bytes += Buffer.byteLength(JSON.stringify(item));
    if (bytes > MAX_PAGE_BYTES && items.length > 0) return { items, next: event.globalPosition };
    items.push(item);
  }
  return { items, next: found.length > limit ? found[limit].globalPosition : null };
}

export function auditEventOf(service: string, e: StoredEvent): AuditEvent {
  const stream = parseStreamId(e.streamId) ?? { category: '', id: e.streamId };
  return {
    service,
    resourceType: stream.category,
    resourceId: stream.id,
    version: e.streamVersion,
    type: e.type,
    actor: e.actor,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    reason: e.reason ?? null,
    correlationId: e.correlationId,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;

/** The gateway validated these already; a service still refuses what it cannot answer rightly, naming the field. */
function checkParams(p: Partial<AuditEventsParams>): AuditEventsParams {
  const errors: FieldError[] = [];
  const text = (v: unknown) => typeof v === 'string' && v.length > 0;
  const instant = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));
  if (p.actor !== undefined && !text(p.actor)) errors.push({ path: 'actor', message: 'must be a non-empty string' });
  if (p.from !== undefined && !instant(p.from)) errors.push({ path: 'from', message: 'must be an instant' });
  if (p.to !== undefined && !instant(p.to)) errors.push({ path: 'to', message: 'must be an instant' });
  if (p.types !== undefined && !(Array.isArray(p.types) && p.types.length > 0 && p.types.every((t) => typeof t === 'string' && TYPE.test(t)))) {
    errors.push({ path: 'types', message: 'must be a non-empty list of event types' });
  }
  if (p.resourceType !== undefined && !(text(p.resourceType) && !p.resourceType.includes('-')))
    errors.push({ path: 'resourceType', message: 'must be a resource type' });
  if (p.resourceId !== undefined && !(typeof p.resourceId === 'string' && UUID.test(p.resourceId)))
    errors.push({ path: 'resourceId', message: 'must be a lower-case UUID' });
  if (!(Number.isSafeInteger(p.limit) && (p.limit as number) >= 1 && (p.limit as number) <= AUDIT_MAX_LIMIT))
    errors.push({ path: 'limit', message: `must be from 1 to ${AUDIT_MAX_LIMIT}` });
  if (p.upTo !== undefined && !(Number.isSafeInteger(p.upTo) && p.upTo >= 0)) errors.push({ path: 'upTo', message: 'must be a position' });
  if (errors.length > 0) throw invalid('AUDIT.INVALID_QUERY', `the audit query has invalid fields: ${errors.map((e) => e.path).join(', ')}`, errors);
  return p as AuditEventsParams;
}
