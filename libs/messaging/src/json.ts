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

/** First byte of a reply framed with binary data; a JSON text never starts with it. */
const BINARY_FRAME = 0;
const LINE_FEED = 10;

/**
 * A reply whose value carries one field of bytes (a piece of an export file) is sent with those bytes after the
 * JSON instead of inside it as an escaped string, which would cost escaping on one side, unescaping on the other
 * and more bytes on the wire. Framing: a 0 byte, the reply as JSON with that field null and `binary` naming it,
 * a line feed (JSON.stringify writes none), then the bytes. Any other reply is plain JSON, as encodeJson writes it.
 */
export function encodeReply(reply: unknown): Uint8Array {
  const value = (reply as { ok?: unknown; value?: unknown }).ok === true ? (reply as { value: unknown }).value : undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      const bytes = (value as Record<string, unknown>)[key];
      if (!(bytes instanceof Uint8Array)) continue;
      const head = Buffer.from(JSON.stringify({ ...(reply as object), value: { ...value, [key]: null }, binary: key }), 'utf8');
      const frame = Buffer.allocUnsafe(1 + head.byteLength + 1 + bytes.byteLength);
      frame[0] = BINARY_FRAME;
      head.copy(frame, 1);
      frame[1 + head.byteLength] = LINE_FEED;
      frame.set(bytes, 2 + head.byteLength);
      return frame;
    }
  }
  return encodeJson(reply);
}

/** A reply as encodeReply wrote it: plain JSON, or framed with its bytes put back (a copy: the message's buffer is reused). */
export function decodeReply<T = unknown>(data: Uint8Array): T | undefined {
  if (!data || data.byteLength === 0 || data[0] !== BINARY_FRAME) return decodeJson<T>(data);
  const end = data.indexOf(LINE_FEED, 1);
  if (end < 0) throw new SyntaxError('a framed reply without the end of its JSON');
  const reply = decodeJson<{ value?: Record<string, unknown>; binary?: unknown }>(data.subarray(1, end));
  if (!reply || typeof reply.binary !== 'string' || !reply.value || typeof reply.value !== 'object')
    throw new SyntaxError('a framed reply that names no field for its bytes');
  reply.value[reply.binary] = Buffer.from(data.subarray(end + 1));
  delete reply.binary;
  return reply as T;
}
