import type { MirrorSource } from '@pmt/event-store';
import { chainHash, GENESIS_HASH, parseStreamId, type StoredEvent } from '@pmt/kernel';

/** `mou-<id>` of a mirror stream `<inbox category>-mou-<id>` (categories hold no '-'). */
export const sourceStreamOf = (mirrorStreamId: string): string => parseStreamId(mirrorStreamId)?.id ?? mirrorStreamId;

/**
 * The source event a mirror event copies, rebuilt from the copy and the recorded source facts: the copy keeps the
 * source's id as its causationId and its version, type, data and metadata as they were.
 */
export function sourceOfMirror(mirror: StoredEvent, source: MirrorSource): Omit<StoredEvent, 'hash' | 'globalPosition'> {
  return {
    id: mirror.causationId,
    type: mirror.type,
    schemaVersion: mirror.schemaVersion,
    streamId: sourceStreamOf(mirror.streamId),
    streamVersion: mirror.streamVersion,
    occurredAt: mirror.occurredAt,
    recordedAt: source.recordedAt,
    actor: mirror.actor,
    correlationId: mirror.correlationId,
    causationId: source.causationId,
    data: mirror.data,
    ...(mirror.reason !== undefined && { reason: mirror.reason }),
  };
}

/**
 * The first mirror version whose content no longer hashes, in the source's chain, to the hash the source gave it;
 * null when every recorded version does. A version without a record (mirrored before records were kept) is
 * skipped, and so is the check of the one after it, which needs its hash.
 */
export function firstMirrorMismatch(events: readonly StoredEvent[], sources: ReadonlyArray<MirrorSource & { version: number }>): number | null {
  const byVersion = new Map(sources.map((s) => [s.version, s]));
  for (const mirror of events) {
    const source = byVersion.get(mirror.streamVersion);
    if (!source) continue;
    const previous = mirror.streamVersion === 1 ? GENESIS_HASH : byVersion.get(mirror.streamVersion - 1)?.hash;
    if (previous === undefined) continue;
    if (chainHash(previous, sourceOfMirror(mirror, source)) !== source.hash) return mirror.streamVersion;
  }
  return null;
}
