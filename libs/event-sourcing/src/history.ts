import { stringify } from 'csv-stringify/sync';
import { invalid, notFound, verifyChain, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import type { EventStore } from '@pmt/event-store';
import { foldEvents, streamIdOf, toResource, type AggregateDefinition } from './aggregate';
import { verifyHistory, sealEvidenceOf } from './seal/history-seals';
import type { SealEvidence, SealedVerification, StreamSeals } from './seal/stream-seals';

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

export interface StateAt<S> {
  id: string;
  version: number;
  asOf: string | null;
  state: (S & { id: string; version: number }) | null;
}

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

/** History, past states, the chain check and exports of one aggregate kind, read from the event store only. */
export class AggregateHistory<C, E extends DomainEvent, S> {
  constructor(
    private readonly store: EventStore,
    private readonly def: AggregateDefinition<C, E, S>,
    /** Label for messages: `MOU`, `organisation`. */
    private readonly label: string,
    /** The service's seals; without them verify checks the chain only. */
    private readonly seals?: StreamSeals,
  ) {}

  async history(id: string): Promise<{ id: string; events: HistoryEntry[] }> {
    const events = await this.load(id);
    return { id, events: events.map(entryOf) };
  }

  /** The state as it stood at a version, or at an instant (the events whose occurredAt is at or before it). */
  async stateAt(id: string, at: { asOf?: string; version?: number }): Promise<StateAt<S>> {
    // Only the prefix that is needed is read: the store cuts by version and by instant.
    const streamId = streamIdOf(this.def.category, id);
    const head = await this.store.streamVersion(streamId);
    if (head === 0) throw notFound(`${this.def.category.toUpperCase()}.NOT_FOUND`, `no ${this.label} with id ${id}`);
    if (at.version !== undefined && (at.version < 1 || at.version > head)) {
      throw invalid('HISTORY.VERSION_OUT_OF_RANGE', `the ${this.label} has versions 1 to ${head}`, [
        { path: 'version', message: `must be between 1 and ${head}` },
      ]);
    }
    const events = await this.store.readStream(streamId, {
      ...(at.version !== undefined && { toVersion: at.version }),
      ...(at.asOf !== undefined && { asOf: at.asOf }),
    });
    if (events.length === 0) return { id, version: 0, asOf: at.asOf ?? null, state: null };
    const version = events[events.length - 1].streamVersion;
    return { id, version, asOf: at.asOf ?? null, state: toResource(foldEvents(this.def, events), id, version) };
  }

  /** The chain checked against the seals (seal/history-seals.ts); a sealed stream deleted whole is reported, not 404. */
  async verify(id: string): Promise<SealedVerification> {
    const streamId = streamIdOf(this.def.category, id);
    const result = await verifyHistory(streamId, await this.store.readStream(streamId), this.seals);
    if (result.events === 0 && result.sealedVersion === null) throw notFound(`${this.def.category.toUpperCase()}.NOT_FOUND`, `no ${this.label} with id ${id}`);
    return result;
  }

  /** For the JSON export's trailer: the latest seal covering versions up to `toVersion`, its proof and key. */
  sealEvidence(id: string, toVersion: number): Promise<SealEvidence | Record<string, never>> {
    return sealEvidenceOf(streamIdOf(this.def.category, id), toVersion, this.seals);
  }

  async export(id: string, format: 'json' | 'csv'): Promise<ExportFile> {
    const stored = await this.load(id);
    const events = stored.map(entryOf);
    const base = `${this.def.category}-${id}-history`;
    if (format === 'json') {
      const verification = verifyChain(stored);
      const body = JSON.stringify({ stream: streamIdOf(this.def.category, id), exportedEvents: events.length, verification, events }, null, 2);
      return { filename: `${base}.json`, contentType: 'application/json; charset=utf-8', body };
    }
    const rows = events.map((e) => [e.version, e.type, e.schemaVersion, e.eventId, e.occurredAt, e.recordedAt, e.actor, e.correlationId, e.causationId, e.reason ?? '', JSON.stringify(e.data), e.hash]);
    // a BOM so that spreadsheet programs open Thai text as UTF-8
    const body = '\ufeff' + stringify(rows, { header: true, columns: ['version', 'type', 'schemaVersion', 'eventId', 'occurredAt', 'recordedAt', 'actor', 'correlationId', 'causationId', 'reason', 'data', 'hash'] });
    return { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', body };
  }

  private async load(id: string): Promise<StoredEvent[]> {
    const events = await this.store.readStream(streamIdOf(this.def.category, id));
    if (events.length === 0) throw notFound(`${this.def.category.toUpperCase()}.NOT_FOUND`, `no ${this.label} with id ${id}`);
    return events;
  }
}

function entryOf(e: StoredEvent): HistoryEntry {
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
