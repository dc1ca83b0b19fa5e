import { createHash } from 'node:crypto';
import { invalid } from '@pmt/kernel';
import type { AuditEvent, AuditEventsPage } from '@pmt/service-kit';

/**
 * Where each service's next page starts: the position of its next event to show (inclusive), or null once it has
 * nothing more. A service not named has not been asked yet and starts from its newest event.
 */
export type Positions = Record<string, number | null>;

export interface ServicePage extends AuditEventsPage {
  service: string;
}

/**
 * The newest `limit` events of all pages together, newest first by recordedAt; equal instants are ordered by
 * service name, then newest position first, so the order never depends on which service answered first.
 * Only whole prefixes of each service's page are taken, and each service's cursor moves past exactly what was
 * shown, so paging never repeats or skips an event. It stops early where a service's page ran out before its
 * events did (it sent fewer to stay under a message's size): what that service has next is not known yet.
 */
export function mergePages(pages: ServicePage[], limit: number, previous: Positions): { items: AuditEvent[]; positions: Positions } {
  const taken = new Map(pages.map((p) => [p.service, 0]));
  const items: AuditEvent[] = [];
  while (items.length < limit) {
    let best: ServicePage | undefined;
    let blocked = false;
    for (const page of pages) {
      const i = taken.get(page.service) as number;
      if (i >= page.items.length) {
        if (page.next !== null) blocked = true;
        continue;
      }
      if (!best || newerFirst(page, page.items[i], best, best.items[taken.get(best.service) as number]) < 0) best = page;
    }
    if (blocked || !best) break;
    const i = taken.get(best.service) as number;
    const { position: _position, ...event } = best.items[i];
    items.push(event);
    taken.set(best.service, i + 1);
  }
  const positions: Positions = { ...previous };
  for (const page of pages) {
    const i = taken.get(page.service) as number;
    positions[page.service] = i < page.items.length ? page.items[i].position : page.next;
  }
  return { items, positions };
}

type Item = AuditEventsPage['items'][number];

function newerFirst(pa: ServicePage, a: Item, pb: ServicePage, b: Item): number {
  if (a.recordedAt !== b.recordedAt) return a.recordedAt > b.recordedAt ? -1 : 1;
  if (pa.service !== pb.service) return pa.service < pb.service ? -1 : 1;
  return b.position - a.position;
}

/** The services still to ask, given where the cursor left them. */
export const pending = (services: readonly string[], positions: Positions): string[] => services.filter((s) => positions[s] !== null);

export const finished = (services: readonly string[], positions: Positions): boolean => pending(services, positions).length === 0;

/**
 * The cursor is opaque to clients: base64url of `{ q, p }`, p the positions and q a fingerprint of the filters, so a
 * cursor taken to another query is refused instead of answering a mix of both.
 */
export function encodeCursor(fingerprint: string, positions: Positions): string {
  return Buffer.from(JSON.stringify({ q: fingerprint, p: positions }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, fingerprint: string, services: readonly string[]): Positions {
  if (cursor === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('is not a cursor this API gave out');
  }
  const { q, p } = (parsed ?? {}) as { q?: unknown; p?: unknown };
  if (typeof p !== 'object' || p === null || Array.isArray(p)) throw badCursor('is not a cursor this API gave out');
  const entries = Object.entries(p);
  if (!entries.every(([s, v]) => services.includes(s) && (v === null || (Number.isSafeInteger(v) && (v as number) >= 0))))
    throw badCursor('is not a cursor this API gave out');
  if (q !== fingerprint) throw badCursor('belongs to a query with other filters: send the same filters as the page it came from');
  return Object.fromEntries(entries) as Positions;
}

/** What identifies a query for its cursor: every filter, in a fixed order, instants as instants. */
export function queryFingerprint(filters: { actor?: string; from?: string; to?: string; type?: string[]; resourceType?: string; resourceId?: string }): string {
  const instant = (t?: string) => (t === undefined ? null : new Date(t).toISOString());
  const key = [
    filters.actor ?? null,
    instant(filters.from),
    instant(filters.to),
    filters.type ?? null,
    filters.resourceType ?? null,
    filters.resourceId ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(key)).digest('base64url').slice(0, 16);
}

const badCursor = (message: string) => invalid('REQUEST.INVALID', `cursor ${message}`, [{ path: 'cursor', message }]);
