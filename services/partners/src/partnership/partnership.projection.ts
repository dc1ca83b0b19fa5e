import type { Projection } from '@pmt/event-sourcing';
import { idInCategory, parseStreamId, sourceEventOf, type SourceEvent, type StoredEvent } from '@pmt/kernel';
import { evolveActivity } from './activity-facts';
import { laterInstant } from './event-data';
import { evolveGrant } from './grant-facts';
import { evolveMou } from './mou-facts';
import { Collections, type AnyFacts, type Partnership, type Share } from './partnership';
import { moveParts, sameScope, scopeOf, type ConfidentialParts } from './partnership-visibility';
import { evolveProposal } from './proposal-facts';
import { holdsLists, mouListEntries, withoutLists } from './mou-lists';
import { activityShares, applyShare, emptyPartnership, grantShares, mouShares, proposalShares } from './shares';

export const PARTNERSHIP_PROJECTION = 'partnership';

/** The documents the fold reads and writes; the projection runner's view, or a map in unit tests. */
export interface PartnershipDocs {
  get(collection: string, id: string): Promise<unknown>;
  put(collection: string, doc: { id: string }): void;
  delete(collection: string, id: string): void;
}

interface SourceKind<F extends AnyFacts> {
  collection: string;
  evolve(facts: F | null, id: string, e: SourceEvent): F | null;
  shares(facts: F): Map<string, Share>;
}

const kind = <F extends AnyFacts>(k: SourceKind<F>) => k as unknown as SourceKind<AnyFacts>;

/** By the category of the source stream (`mou` for `inbox-mou-<id>`). */
const KINDS: Record<string, SourceKind<AnyFacts>> = {
  mou: kind({ collection: Collections.mous, evolve: evolveMou, shares: mouShares }),
  proposal: kind({ collection: Collections.proposals, evolve: evolveProposal, shares: proposalShares }),
  grant: kind({ collection: Collections.grants, evolve: evolveGrant, shares: grantShares }),
  activity: kind({ collection: Collections.activities, evolve: evolveActivity, shares: activityShares }),
};

/** `{ category: 'mou', id }` of `inbox-mou-<id>`; null for any stream outside the inbox. */
export function sourceOfInboxStream(streamId: string, inboxCategory: string): { category: string; id: string } | null {
  const mirrored = idInCategory(streamId, inboxCategory);
  const source = mirrored === null ? null : parseStreamId(mirrored);
  return source && source.id !== '' ? source : null;
}

/**
 * Applies one event of the service's log. Events outside the inbox, of unknown sources, or at or below the
 * version an entity already has are ignored. The entity's facts move on; each organisation whose share of
 * the entity changed has its old share taken away and the new one added, and its `updatedAt` moved to the
 * event's occurredAt if later. The summary is thus a sum over entities, the same whatever order the
 * sources' events were interleaved in. A confidential entity's share is also kept in its lead team's part
 * (partnership-visibility.ts), so that it can be taken away again for those who may not see it.
 */
export async function applyPartnershipEvent(event: StoredEvent, docs: PartnershipDocs, inboxCategory: string): Promise<void> {
  const source = sourceOfInboxStream(event.streamId, inboxCategory);
  const k = source && KINDS[source.category];
  if (!source || !k) return;
  const before = (await docs.get(k.collection, source.id)) as AnyFacts | null;
  if (before && before.version >= event.streamVersion) return;
  const after = k.evolve(before, source.id, sourceEventOf(event));
  if (!after) return;
  docs.put(k.collection, after);

  const old = before ? k.shares(before) : new Map<string, Share>();
  const now = k.shares(after);
  const [was, is] = [before ? scopeOf(before) : null, scopeOf(after)];
  for (const org of new Set([...old.keys(), ...now.keys()])) {
    const [o, n] = [old.get(org), now.get(org)];
    const sameShare = !!o && !!n && JSON.stringify(o) === JSON.stringify(n);
    if (sameShare && sameScope(was, is)) continue;
    const stored = (await docs.get(Collections.partnerships, org)) as (Partnership & { id: string }) | null;
    const parts = (await docs.get(Collections.confidentialParts, org)) as ConfidentialParts | null;
    const moved = moveParts(parts, org, stored?.updatedAt ?? null, { old: o, was, now: n, is, at: event.occurredAt });
    if (moved) docs.put(Collections.confidentialParts, moved);
    // the whole summary, as those who see everything see it, changes only with the shares
    if (sameShare) continue;
    let p = stored ? withoutId(stored) : emptyPartnership(org);
    // the MOU list and KPIs live beside the summary, one document per MOU; a summary from before moves them out now
    if (holdsLists(p)) {
      for (const entry of mouListEntries(org, p)) docs.put(Collections.mouLists, entry);
      p = withoutLists(p);
    }
    if (o) p = applyShare(p, withoutLists(o), -1);
    if (n) p = applyShare(p, withoutLists(n), 1);
    const kept = new Set(n ? n.mous.items.map((i) => i.id) : []);
    for (const entry of o ? mouListEntries(org, o) : []) if (!kept.has(entry.item.id)) docs.delete(Collections.mouLists, entry.id);
    for (const entry of n ? mouListEntries(org, n) : []) docs.put(Collections.mouLists, entry);
    const doc: Partnership & { id: string } = { id: org, ...p, updatedAt: laterInstant(p.updatedAt, event.occurredAt) };
    docs.put(Collections.partnerships, doc);
  }
}

export function withoutId(doc: Partnership & { id?: string }): Partnership {
  const { id: _id, ...rest } = doc;
  return rest;
}

/** The `partnership` projection over the inbox streams of category `inboxCategory`. */
export function partnershipProjection(inboxCategory: string): Projection {
  return {
    name: PARTNERSHIP_PROJECTION,
    collections: Object.values(Collections),
    apply: (event, view) =>
      applyPartnershipEvent(
        event,
        { get: (c, id) => view.get(c, id), put: (c, doc) => view.put(c, doc), delete: (c, id) => view.delete(c, id) },
        inboxCategory,
      ),
  };
}
