import type { ErrorBody, Viewer } from '@pmt/kernel';

/**
 * What the gateway (or another service, or the scheduler) sends on `<service>.<aggregate>.<command>`.
 * `data` is the command's own body, already validated at the edge.
 */
export interface CommandMessage<Data = Record<string, unknown>> {
  /** Idempotency key: a retried command with the same id appends nothing and gets the first answer. */
  commandId: string;
  /**
   * With a client's Idempotency-Key: a hash of what the request said (method, path, body, Occurred-At). The same
   * command id with another fingerprint is refused (422) instead of answered with the first result.
   */
  commandFingerprint?: string;
  actor: string;
  correlationId: string;
  /** The aggregate id; absent on creates (the service assigns one). */
  id?: string;
  /** From If-Match: a stale value is refused with kind 'precondition' (412). */
  expectedVersion?: number;
  reason?: string;
  /** When the change really happened, if earlier than now (an admin's backfill); becomes the events' occurredAt. */
  occurredAt?: string;
  /** What caused this command when it is a reaction to another event (that event's id); defaults to the command id. */
  causationId?: string;
  /**
   * The person the gateway acts for (roles and teams): a confidential record they may not see is absent to them, and
   * a rule that depends on the caller's roles (only an admin may submit late) reads them here.
   */
  viewer?: Viewer;
  data: Data;
}

/** Queries on `<service>.<aggregate>.<query>` (get, list, history, ...). */
export interface QueryMessage<Params = Record<string, unknown>> {
  actor: string;
  correlationId: string;
  /** As on commands: absent only on a service's own queries, which see every record. */
  viewer?: Viewer;
  params: Params;
}

/** Every reply: errors travel as data so that their codes survive the wire. */
export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: ErrorBody };

/** The value of a successful command reply. */
export interface CommandResult<Resource = Record<string, unknown>> {
  id: string;
  version: number;
  /** Global position of the command's last event (0 when it appended nothing new). */
  position: number;
  /** The state after the command; left out when it is too large for one reply (then `resourceOmitted` is true). */
  resource?: Resource;
  resourceOmitted?: true;
}
