import { hashedFields, invalid, notFound, systemClock, type ChainVerification, type Clock, type DomainEvent, type StoredEvent } from '@pmt/kernel';
import { readStreamJson, type EventStore } from '@pmt/event-store';
import { foldResource, streamIdOf, toResource, type AggregateDefinition } from './aggregate';
import { decodeCursor, encodeCursor } from './history-cursor';
import { diffRange, type HistoryDiff, type HistoryPoint } from './history-diff';
import { checkEvent, chainStart, verificationOf, type ChainState } from './export-chain';
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
  /** On the last piece of a JSON export: what goes after the events (exportTrailer's answer, checked while the pieces were read). */
  trailer?: ExportTrailer;
}

/** The keys a JSON export carries after its events, in this order (docs/history-and-audit.md, "Export file"). */
export type ExportTrailer = { verification: ChainVerification } & Partial<SealEvidence> & { attestation?: ExportAttestation };

export const DEFAULT_HISTORY_LIMIT = 100;
export const MAX_HISTORY_LIMIT = 500;

/**
 * Byte budgets that keep every reply well under NATS's 1 MiB message. A history page stops adding entries
 * once their JSON reaches PAGE_BYTES (it always holds at least one entry). An export chunk holds at most
 * CHUNK_CHARS characters (UTF-16 units) of file text, cut anywhere, even inside one event but never inside a
 * surrogate pair. The export route sends it as UTF-8 bytes after the reply's JSON (encodeReply in
 * @pmt/messaging), where a unit takes at most 3 bytes, so a piece stays under 3 × 256 Ki = 768 KiB whatever the
 * text, plus the trailer (the seal's proof, a few KiB) on the last piece. Larger pieces mean fewer round trips.
 */
export const PAGE_BYTES = 512 * 1024;
export const CHUNK_CHARS = 256 * 1024;
/** How long a piece read ahead waits to be asked for. */
const READ_AHEAD_MS = 30_000;

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

  /** Export pieces read ahead, by `<id> <format> <cursor>` (see exportChunk). */
  private readonly readAhead = new Map<string, Promise<ExportChunk>>();

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
      throw invalid('HISTORY.INVALID_LIMIT', `limit must be a whole number from 1 to ${MAX_HISTORY_LIMIT}`, [
        { path: 'limit', message: `must be a whole number from 1 to ${MAX_HISTORY_LIMIT}` },
      ]);
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
   * A piece of the export file, at most CHUNK_CHARS characters. Without a cursor it
   * starts the file and fixes its last version at the stream's current one, so that events appended meanwhile are
   * left out; with one it goes on where the last piece stopped. A JSON export checks the chain as it reads the
   * events (the check's state travels in the cursor) and its last piece carries the trailer, so the events are
   * read once: exportTrailer would read and hash them all again.
   */
  async exportChunk(id: string, format: ExportFormat, cursor?: unknown): Promise<ExportChunk> {
    const key = typeof cursor === 'string' ? `${id} ${format} ${cursor}` : undefined;
    const prepared = key === undefined ? undefined : this.readAhead.get(key);
    if (key !== undefined) this.readAhead.delete(key);
    const piece = await (prepared ?? this.readChunk(id, format, cursor));
    if (piece.nextCursor) this.prepare(`${id} ${format} ${piece.nextCursor}`, () => this.readChunk(id, format, piece.nextCursor));
    return piece;
  }

  /**
   * Reads the next piece while this one travels to the gateway and back, so that the service is not idle
   * between pieces (the next cursor is only known once a piece is done, so the gateway cannot ask ahead). It
   * starts after this reply is on its way; a piece nobody asks for is dropped after READ_AHEAD_MS.
   */
  private prepare(key: string, read: () => Promise<ExportChunk>): void {
    const piece = new Promise<void>((resolve) => setImmediate(resolve)).then(read);
    piece.catch(() => undefined);
    this.readAhead.set(key, piece);
    setTimeout(() => {
      if (this.readAhead.get(key) === piece) this.readAhead.delete(key);
    }, READ_AHEAD_MS).unref();
  }

  private async readChunk(id: string, format: ExportFormat, cursor?: unknown): Promise<ExportChunk> {
    const streamId = this.streamId(id);
    let chunk = '';
    let at: { v: number; o: number; to: number };
    let exportedAt: string | undefined;
    let chain: ChainState | undefined;
    if (cursor === undefined || cursor === null) {
      const head = await this.store.streamVersion(streamId);
      if (head === 0) throw this.notFound(id);
      at = { v: 1, o: 0, to: head };
      exportedAt = this.clock.now().toISOString();
      if (format === 'json') chain = chainStart();
      chunk = exportPreamble(format, { resourceType: this.def.category, resourceId: id, stream: streamId, exportedAt });
    } else {
      const c = decodeCursor(cursor);
      if (c.to === undefined || (format === 'json' && (c.h === undefined || c.n === undefined))) {
        throw invalid('HISTORY.INVALID_CURSOR', 'the cursor is not one an export issued', [{ path: 'cursor', message: 'must be a nextCursor of this export' }]);
      }
      at = { v: c.v, o: c.o ?? 0, to: c.to };
      if (format === 'json') chain = { h: c.h as string, n: c.n as number, ...(c.b !== undefined && { b: c.b }) };
      exportedAt = c.t;
    }
    let batch = 64;
    let full = false;
    while (at.v <= at.to && !full) {
      const events = await readStreamJson(this.store, streamId, { fromVersion: at.v, toVersion: Math.min(at.to, at.v + batch - 1) });
      if (events.length === 0 || events[0].streamVersion !== at.v) {
        throw invalid('HISTORY.STREAM_CHANGED', `the ${this.label}'s history has no version ${at.v} any more; the export cannot go on`);
      }
      for (const e of events) {
        const fields = format === 'json' ? hashedFields(e) : undefined;
        // an event cut by the last piece (o > 0) was checked when that piece read it
        if (chain && at.o === 0) checkEvent(chain, e, fields);
        const text = exportRow(format, e, fields).slice(at.o);
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
    const done = at.v > at.to;
    return {
      filename: `${base}.${format}`,
      contentType: format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      toVersion: at.to,
      ...(cursor === undefined || cursor === null ? { exportedAt } : {}),
      chunk,
      nextCursor: done ? null : encodeCursor({ ...at, ...chain, ...(chain && exportedAt !== undefined && { t: exportedAt }) }),
      ...(done && chain && { trailer: await this.trailerOf(id, chain, exportedAt) }),
    };
  }

  /**
   * What a JSON export carries after its events, when asked on its own (the export's last piece carries the same,
   * checked while the pieces were read): the chain check of versions 1..toVersion, the seal evidence, and the
   * attestation when `exportedAt` is given (see trailerOf).
   */
  async exportTrailer(id: string, toVersion: number, exportedAt?: unknown): Promise<ExportTrailer> {
    if (!Number.isSafeInteger(toVersion) || toVersion < 1)
      throw invalid('HISTORY.INVALID_VERSION', 'toVersion must be a version', [{ path: 'toVersion', message: 'must be a whole number from 1' }]);
    const events = await readStreamJson(this.store, this.streamId(id), { toVersion });
    if (events.length === 0) throw this.notFound(id);
    const chain = chainStart();
    for (const e of events) checkEvent(chain, e);
    return this.trailerOf(id, chain, typeof exportedAt === 'string' ? exportedAt : undefined);
  }

  /**
   * The trailer of versions 1..chain.n: the chain check; when a seal covers part of them, that seal with its
   * Merkle proof and public key; and, with the service's key at hand, an intact chain and the export's
   * `exportedAt`, the service's signed attestation of the header, the last version's hash and that check, so
   * that the file can be verified offline byte for byte.
   */
  private async trailerOf(id: string, chain: ChainState, exportedAt: string | undefined): Promise<ExportTrailer> {
    const verification = verificationOf(chain);
    const trailer: ExportTrailer = { verification, ...(await this.sealEvidence(id, chain.n)) };
    if (exportedAt !== undefined && this.seals && verification.valid) {
      const attestation = this.seals.attest(
        { resourceType: this.def.category, resourceId: id, stream: this.streamId(id), exportedAt, toVersion: chain.n, headHash: chain.h, verification },
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
    for (const [name, p] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if ('version' in p && (p.version < 1 || p.version > head)) {
        throw invalid('HISTORY.VERSION_OUT_OF_RANGE', `the ${this.label} has versions 1 to ${head}`, [
          { path: name, message: `must be a version from 1 to ${head}, or an instant` },
        ]);
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
