import { hash } from 'node:crypto';
import type { StoredEvent } from './envelope';

/** The hash of "no previous event": 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so that equal content hashes equally. Every own enumerable key
 * counts, `__proto__`, `constructor` and `toString` included. Keys that are array indices ("0", "17") come first
 * in numeric order, the others in code-unit order: the order JSON.stringify gave when this was a sorted copy on
 * a null-prototype object, kept so that every stored hash stays valid. The text is written directly (the chain
 * check of a long history runs this for every event); values JSON cannot hold plainly (functions, symbols,
 * bigints) take the old path, a sorted copy given to JSON.stringify, so the output is the same for any input.
 */
export function canonicalJson(value: unknown): string {
  try {
    return writeCanonical(value);
  } catch (e) {
    if (e !== UNUSUAL) throw e;
    return JSON.stringify(sortedCopy(value));
  }
}

/** What JSON.stringify escapes in a string: a quote, a backslash, control characters, (lone) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * JSON.stringify of a string, exactly; most strings here (ids, instants, keys) need no escape, and checking
 * that with one regular expression is several times cheaper than JSON.stringify's own path for short strings.
 */
export function jsonString(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

/** Thrown by writeCanonical on a value only JSON.stringify itself knows how to treat. */
const UNUSUAL = Symbol('unusual value');

function writeCanonical(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      // what JSON.stringify writes: Number::toString for finite numbers ("0" for -0), null otherwise
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let text = '[';
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          text += (i === 0 ? '' : ',') + (item === undefined ? 'null' : writeCanonical(item));
        }
        return text + ']';
      } else {
        const object = value as Record<string, unknown>;
        let text = '{';
        for (const key of sortedKeys(object)) {
          const item = object[key];
          if (item === undefined) continue;
          text += (text.length === 1 ? '' : ',') + jsonString(key) + ':' + writeCanonical(item);
        }
        return text + '}';
      }
    default:
      throw UNUSUAL;
  }
}

/** Own enumerable keys: array indices first in numeric order, then the rest in code-unit order. */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  if (!keys.some(isArrayIndex)) return keys.sort();
  const indices = keys.filter(isArrayIndex).sort((a, b) => Number(a) - Number(b));
  return indices.concat(keys.filter((k) => !isArrayIndex(k)).sort());
}

function isArrayIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return false;
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1 && String(n) === key;
}

/** The canonical form as it was first written: a sorted copy on null-prototype objects, for unusual values. */
function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortedCopy(v);
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
  // JSON.stringify leaves out a key whose value it cannot write (undefined, a function): then so does the text
  const data = e.data === undefined ? undefined : (canonicalJson(e.data) as string | undefined);
  if (data === undefined) return hash('sha256', previousHash + canonicalJson(hashedContent(e)), 'hex');
  return chainHashOfText(previousHash, e, data);
}

/**
 * chainHash with the event's data given as its canonical JSON text (the SQLite store keeps data in that form,
 * so a reader can hash the stored text as it is). The other fields are written in the sorted order of
 * hashedContent's keys, so the hashed text is exactly canonicalJson(hashedContent(e)).
 */
export function chainHashOfText(previousHash: string, e: Omit<StoredEvent, 'hash' | 'globalPosition' | 'data'>, canonicalData: string): string {
  return chainHashOfFields(previousHash, hashedFields(e), canonicalData);
}

/** The canonical JSON text of each hashed field but data; undefined for a field the event does not have. */
export interface HashedFields {
  actor?: string;
  causationId?: string;
  correlationId?: string;
  id?: string;
  occurredAt?: string;
  reason: string;
  recordedAt?: string;
  schemaVersion?: string;
  streamId?: string;
  streamVersion?: string;
  type?: string;
}

/** For a caller that writes the same fields as JSON elsewhere too (an export's entries): each is escaped once. */
export function hashedFields(e: Omit<StoredEvent, 'hash' | 'globalPosition' | 'data'>): HashedFields {
  return {
    actor: fieldText(e.actor),
    causationId: fieldText(e.causationId),
    correlationId: fieldText(e.correlationId),
    id: fieldText(e.id),
    occurredAt: fieldText(e.occurredAt),
    reason: fieldText(e.reason ?? null) as string,
    recordedAt: fieldText(e.recordedAt),
    schemaVersion: fieldText(e.schemaVersion),
    streamId: fieldText(e.streamId),
    streamVersion: fieldText(e.streamVersion),
    type: fieldText(e.type),
  };
}

/** chainHash from hashedFields and the data's canonical text. */
export function chainHashOfFields(previousHash: string, f: HashedFields, canonicalData: string): string {
  const text =
    field('actor', f.actor) +
    field('causationId', f.causationId) +
    field('correlationId', f.correlationId) +
    ',"data":' +
    canonicalData +
    field('id', f.id) +
    field('occurredAt', f.occurredAt) +
    field('reason', f.reason) +
    field('recordedAt', f.recordedAt) +
    field('schemaVersion', f.schemaVersion) +
    field('streamId', f.streamId) +
    field('streamVersion', f.streamVersion) +
    field('type', f.type);
  // one call instead of createHash().update().update().digest(): the same SHA-256 of previousHash + text
  return hash('sha256', previousHash + '{' + text.slice(1) + '}', 'hex');
}

function fieldText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'string' ? jsonString(value) : canonicalJson(value);
}

/** One key of hashedContent's canonical text after a comma; a field the event does not have is left out, as canonicalJson does. */
function field(key: string, text: string | undefined): string {
  return text === undefined ? '' : ',"' + key + '":' + text;
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
