/** JSON value: everything an event carries must survive JSON and hashing unchanged. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What a decider returns: the domain's own words, no bookkeeping. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  type: Type;
  data: Data;
}

/** Who, when and why, attached by the platform to every event of one command. */
export interface EventMetadata {
  actor: string;
  correlationId: string;
  /** The command id (or the id of the event that caused it). */
  causationId: string;
  /** Business time of the change; defaults to recordedAt. History `asOf` reads this. */
  occurredAt: string;
  reason?: string;
}

/** An event about to be appended; ids and metadata are set, positions and hashes are not. */
export interface PendingEvent<Data = unknown> extends EventMetadata {
  id: string;
  type: string;
  schemaVersion: number;
  data: Data;
}

/** An event as stored: the envelope every reader sees. */
export interface StoredEvent<Data = unknown> extends PendingEvent<Data> {
  streamId: string;
  /** 1 for the first event of a stream. */
  streamVersion: number;
  /** Position in the store's global order; 1-based, gaps allowed, strictly increasing. */
  globalPosition: number;
  recordedAt: string;
  /** Hex SHA-256 of the previous event's hash and this event's canonical content. */
  hash: string;
}
