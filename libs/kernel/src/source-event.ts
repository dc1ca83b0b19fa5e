import type { StoredEvent } from './envelope';

/**
 * An event of another service's stream as a consumer folds it (from its mirror, or as delivered). Typed loosely on
 * purpose: `data` comes from outside the consumer and is read with the lenient readers of foreign-data.ts.
 */
export interface SourceEvent {
  type: string;
  data: unknown;
  streamVersion: number;
  /** The id the producer gave it: a mirror keeps it as its causationId. */
  sourceId: string;
  occurredAt: string;
  /** The office date it was entered, when that was after the fact; else absent. */
  enteredLateOn?: string;
}

/** A mirror event (or the source event itself, whose causationId is its cause) as a SourceEvent. */
export const sourceEventOf = (e: StoredEvent): SourceEvent => ({
  type: e.type,
  data: e.data,
  streamVersion: e.streamVersion,
  sourceId: e.causationId,
  occurredAt: e.occurredAt,
});
