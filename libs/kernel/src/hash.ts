import { createHash } from 'node:crypto';
import type { StoredEvent } from './envelope';

/** The hash of "no previous event": 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so that equal content hashes equally. Every own enumerable key
 * counts, `__proto__`, `constructor` and `toString` included: the sorted copy is built on null-prototype objects,
 * where assigning `__proto__` makes a key instead of setting a prototype (on a plain `{}` it would vanish from the
 * hashed text while staying in the stored data, and an edit of it would go unseen).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** Content covered by the chain. The global position is left out: some stores only assign it on commit. */
export function hashedContent(e: Omit<StoredEvent, 'hash' | 'globalPosition'>): unknown {
  return {
    id: e.id,
    type: e.type,
    schemaVersion: e.schemaVersion,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: e.actor,
    correlationId: e.correlationId,
    causationId: e.causationId,
    reason: e.reason ?? null,
    data: e.data,
  };
}

export function chainHash(previousHash: string, e: Omit<StoredEvent, 'hash' | 'globalPosition'>): string {
  return createHash('sha256').update(previousHash).update(canonicalJson(hashedContent(e))).digest('hex');
}

export interface ChainVerification {
  valid: boolean;
  events: number;
  /** The first version whose hash, version or link does not hold; null when valid. */
  firstInvalidVersion: number | null;
}

/** Checks hashes and that versions run 1..n without a gap (a deleted event breaks the run). */
export function verifyChain(events: readonly StoredEvent[]): ChainVerification {
  let previous = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const expectedVersion = i + 1;
    if (e.streamVersion !== expectedVersion || chainHash(previous, e) !== e.hash) {
      return { valid: false, events: events.length, firstInvalidVersion: Math.min(e.streamVersion, expectedVersion) };
    }
    previous = e.hash;
  }
  return { valid: true, events: events.length, firstInvalidVersion: null };
}
