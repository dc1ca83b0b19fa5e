const EMPTY = new Uint8Array(0);

/** JSON to bytes; Buffer is a Uint8Array, so nats takes it as is without a copy. */
export function encodeJson(value: unknown): Uint8Array {
  if (value === undefined) return EMPTY;
  return Buffer.from(JSON.stringify(value), 'utf8');
}

/** Bytes to JSON; undefined for an empty payload. Throws on malformed JSON. */
export function decodeJson<T = unknown>(data: Uint8Array): T | undefined {
  if (!data || data.byteLength === 0) return undefined;
  return JSON.parse(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8')) as T;
}
