import { invalid, notFound, systemClock, verifyChain, type ChainVerification, type Clock, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import type { EventStore } from '@pmt/event-store';
import { foldResource, streamIdOf, toResource, type AggregateDefinition } from './aggregate';
import { decodeCursor, encodeCursor } from './history-cursor';
import { diffRange, type HistoryDiff, type HistoryPoint } from './history-diff';
import { entryOf, type HistoryEntry } from './history-entry';
import { exportPreamble, exportRow, type ExportFormat } from './history-export';
import { verifyHistory, sealEvidenceOf } from './seal/history-seals';
import type { SealEvidence, SealedVerification, StreamSeals } from './seal/stream-seals';
import type { ExportAttestation } from './seal/export-attestation';

/** The API resource as it stood then (`state` keeps its name from when the decider's state was the resource). */
export interface StateAt<R> {
  id: string;
  version: number;
  asOf: string | null;
  state: (R & { id: string; version: number }) | null;
}

export interface HistoryPage {
  items: HistoryEntry[];
  nextCursor: string | null;
}

/** One piece of an export file; the caller asks again with nextCursor until it is null. */
export interface ExportChunk {
  filename: string;
  contentType: string;
  /** The last version the export covers: the stream's version when the export started. */
  toVersion: number;
  /** On the first piece: the file's exportedAt, which the trailer's attestation signs. */
  exportedAt?: string;
  chunk: string;
  nextCursor: string | null;
}

/** The keys a JSON export carries after its events, in this order (docs/history-and-audit.md, "Export file"). */
export type ExportTrailer = { verification: ChainVerification } & Partial<SealEvidence> & { attestation?: ExportAttestation };

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 500;

/**
 * Byte budgets that keep every reply well under NATS's 1 MiB message. A history page stops adding entries
 * once their JSON reaches PAGE_BYTES (it always holds at least one entry). An export chunk holds at most
 * CHUNK_CHARS characters of file text, cut anywhere, even inside one event: sent as a JSON string a character
 * takes at most 6 bytes (`\u0001`), so a chunk's reply stays under 6 × 128 KiB = 768 KiB whatever the text.
 */
export const PAGE_BYTES = 512 * 1024;
export const CHUNK_CHARS = 128 * 1024;

/** History, past states, the chain check, exports and diffs of one aggregate kind, read from the event store only. */
export class AggregateHistory<C, E extends DomainEvent, S, R = S> {
  constructor(
    private readonly store: EventStore,
    private readonly def: AggregateDefinition<C, E, S, R>,
    /** Label for messages: `MOU`, `organisation`. */
    private readonly label: string,
    private readonly clock: Clock = systemClock,
    /** The service's seals; without them verify checks the chain only. */
    private readonly seals?: StreamSeals,
  ) {}

  /**
   * Every event at once, for code in the same process (tests, tools); over NATS history is read a page at
   * a time with `page`, since one reply cannot carry a long history.
   */
  async history(id: string): Promise<{ id: string; events: HistoryEntry[] }> {
    const events = await this.load(id);
    return { id, events: events.map(entryOf) };
  }

  /** A page of the history, oldest first: `limit` events (default 100, at most 500), fewer when they are large. */
  async page(id: string, params: { limit?: unknown; cursor?: unknown } = {}): Promise<HistoryPage> {
    const limit = params.limit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > MAX_HISTORY_LIMIT) {
      throw invalid('HISTORY.INVALID_LIMIT', `limit must be a whole number from 1 to ${MAX_HISTORY_LIMIT}`, [{ path: 'limit', message: `must be a whole number from 1 to ${MAX_HISTORY_LIMIT}` }]);
    }
    const from = params.cursor === undefined || params.cursor === null ? 1 : decodeCursor(params.cursor).v;
    // one more than asked, to know whether a next page exists without another read
    const events = await this.store.readStream(this.streamId(id), { fromVersion: from, toVersion: from + (limit as number) });
    if (events.length === 0 && (await this.store.streamVersion(this.streamId(id))) === 0) throw this.notFound(id);
    const items: HistoryEntry[] = [];
    let bytes = 0;
    for (const e of events.slice(0, limit as number)) {
      const entry = entryOf(e);
      bytes += Buffer.byteLength(JSON.stringify(entry));
      if (items.length > 0 && bytes > PAGE_BYTES) break;
      items.push(entry);
    }
    const more = items.length < events.length;
    return { items, nextCursor: more ? encodeCursor({ v: from + items.length }) : null };
  }

  /** The resource as it stood at a version, or at an instant (the events whose occurredAt is at or before it). */
  async stateAt(id: string, at: { asOf?: string; version?: number }): Promise<StateAt<R>> {
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
    return { id, version, asOf: at.asOf ?? null, state: toResource(foldResource(this.def, events), id, version) };
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

  /**
   * A piece of the export file, at most CHUNK_CHARS characters. Without a cursor it starts the file and fixes
   * its last version at the stream's current one, so that events appended meanwhile are left out and the
   * trailer (`exportTrailer` with that version) matches; with one it goes on where the last piece stopped.
   */
  async exportChunk(id: string, format: ExportFormat, cursor?: unknown): Promise<ExportChunk> {
    const streamId = this.streamId(id);
    let chunk = '';
    let at: { v: number; o: number; to: number };
    let exportedAt: string | undefined;
    if (cursor === undefined || cursor === null) {
      const head = await this.store.streamVersion(streamId);
      if (head === 0) throw this.notFound(id);
      at = { v: 1, o: 0, to: head };
      exportedAt = this.clock.now().toISOString();
      chunk = exportPreamble(format, { resourceType: this.def.category, resourceId: id, stream: streamId, exportedAt });
    } else {
      const c = decodeCursor(cursor);
      if (c.to === undefined) throw invalid('HISTORY.INVALID_CURSOR', 'the cursor is not one an export issued', [{ path: 'cursor', message: 'must be a nextCursor of this export' }]);
      at = { v: c.v, o: c.o ?? 0, to: c.to };
    }
    let batch = 64;
    let full = false;
    while (at.v <= at.to && !full) {
      const events = await this.store.readStream(streamId, { fromVersion: at.v, toVersion: Math.min(at.to, at.v + batch - 1) });
      if (events.length === 0 || events[0].streamVersion !== at.v) {
        throw invalid('HISTORY.STREAM_CHANGED', `the ${this.label}'s history has no version ${at.v} any more; the export cannot go on`);
      }
      for (const e of events) {
        const text = exportRow(format, e).slice(at.o);
        const room = CHUNK_CHARS - chunk.length;
        if (text.length > room) {
          const cut = safeCut(text, room);
          chunk += text.slice(0, cut);
          at.o += cut;
          full = true;
          break;
        }
        chunk += text;
        at = { v: e.streamVersion + 1, o: 0, to: at.to };
      }
      // read about as many events as the rest of the chunk will take
      const average = Math.max(1, chunk.length / Math.max(1, events.length));
      batch = Math.min(1000, Math.max(16, Math.ceil((CHUNK_CHARS - chunk.length) / average) + 1));
    }
    const base = `${this.def.category}-${id}-history`;
    return {
      filename: `${base}.${format}`,
      contentType: format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      toVersion: at.to,
      ...(exportedAt !== undefined && { exportedAt }),
      chunk,
      nextCursor: at.v <= at.to ? encodeCursor(at) : null,
    };
  }

  /**
   * What a JSON export carries after its events: the chain check of versions 1..toVersion; when a seal covers
   * part of them, that seal with its Merkle proof and public key; and, with the service's key at hand and the
   * export's `exportedAt` (from its first piece), the service's signed attestation of the header, the last
   * version's hash and that check, so that the file can be verified offline byte for byte.
   */
  async exportTrailer(id: string, toVersion: number, exportedAt?: unknown): Promise<ExportTrailer> {
    if (!Number.isSafeInteger(toVersion) || toVersion < 1) throw invalid('HISTORY.INVALID_VERSION', 'toVersion must be a version', [{ path: 'toVersion', message: 'must be a whole number from 1' }]);
    const streamId = this.streamId(id);
    const events = await this.store.readStream(streamId, { toVersion });
    if (events.length === 0) throw this.notFound(id);
    const verification = verifyChain(events);
    const trailer: ExportTrailer = { verification, ...(await this.sealEvidence(id, toVersion)) };
    if (typeof exportedAt === 'string' && this.seals && events.length === toVersion) {
      const attestation = this.seals.attest(
        { resourceType: this.def.category, resourceId: id, stream: streamId, exportedAt, toVersion, headHash: events[toVersion - 1].hash, verification },
        this.clock.now(),
      );
      if (attestation) trailer.attestation = attestation;
    }
    return trailer;
  }

  /** What changed in the resource between two points of the history, field by field, each change with the event that made it. */
  async diff(id: string, from: HistoryPoint, to: HistoryPoint): Promise<HistoryDiff> {
    const streamId = this.streamId(id);
    const head = await this.store.streamVersion(streamId);
    if (head === 0) throw this.notFound(id);
    for (const [name, p] of [['from', from], ['to', to]] as const) {
      if ('version' in p && (p.version < 1 || p.version > head)) {
        throw invalid('HISTORY.VERSION_OUT_OF_RANGE', `the ${this.label} has versions 1 to ${head}`, [{ path: name, message: `must be a version from 1 to ${head}, or an instant` }]);
      }
    }
    // only the prefix up to the later point is read
    const events = await this.store.readStream(streamId, 'version' in to ? { toVersion: to.version } : { asOf: to.asOf });
    return diffRange(this.def, events, from, to);
  }

  private async load(id: string): Promise<StoredEvent[]> {
    const events = await this.store.readStream(streamIdOf(this.def.category, id));
    if (events.length === 0) throw notFound(`${this.def.category.toUpperCase()}.NOT_FOUND`, `no ${this.label} with id ${id}`);
    return events;
  }

  private streamId(id: string): string {
    return streamIdOf(this.def.category, id);
  }

  private notFound(id: string) {
    return notFound(`${this.def.category.toUpperCase()}.NOT_FOUND`, `no ${this.label} with id ${id}`);
  }
}

/** A cut at or before `at` that does not split a surrogate pair (which would make each half invalid text). */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
