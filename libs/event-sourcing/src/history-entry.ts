import type { StoredEvent } from '@pmt/kernel';

/** One event as history shows it; the export files and the offline verifier read the same fields. */
export interface HistoryEntry {
  version: number;
  type: string;
  schemaVersion: number;
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  correlationId: string;
  causationId: string;
  reason: string | null;
  data: unknown;
  hash: string;
}

export function entryOf(e: StoredEvent): HistoryEntry {
  return {
    version: e.streamVersion,
    type: e.type,
    schemaVersion: e.schemaVersion,
    eventId: e.id,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: e.actor,
    correlationId: e.correlationId,
    causationId: e.causationId,
    reason: e.reason ?? null,
    data: e.data,
    hash: e.hash,
  };
}
