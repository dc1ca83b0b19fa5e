import { invalid } from '@pmt/kernel';

/**
 * Where the next page or export chunk starts: `v` the first version still to send, `o` how many characters of
 * that version's export text were sent already (an export chunk may cut one large event in two), `to` the
 * last version an export covers; a JSON export's chain check so far (export-chain.ts): `h` the last stored
 * hash checked, `n` the events checked, `b` the first invalid version, `t` its exportedAt. Opaque to callers (base64url JSON),
 * checked when it comes back.
 */
export interface HistoryCursor {
  v: number;
  o?: number;
  to?: number;
  h?: string;
  n?: number;
  b?: number;
  /** A JSON export's exportedAt, which its trailer's attestation signs. */
  t?: string;
}

export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

export function decodeCursor(text: unknown): HistoryCursor {
  let parsed: unknown;
  try {
    parsed = typeof text === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(text) ? JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  const c = parsed as Partial<HistoryCursor> | undefined;
  const whole = (n: unknown, min: number) => Number.isSafeInteger(n) && (n as number) >= min;
  const bad =
    !c ||
    typeof c !== 'object' ||
    !whole(c.v, 1) ||
    (c.o !== undefined && !whole(c.o, 0)) ||
    (c.to !== undefined && !whole(c.to, 0)) ||
    (c.h !== undefined && (typeof c.h !== 'string' || !/^[0-9a-f]{64}$/.test(c.h))) ||
    (c.n !== undefined && !whole(c.n, 0)) ||
    (c.b !== undefined && !whole(c.b, 1)) ||
    (c.t !== undefined && (typeof c.t !== 'string' || Number.isNaN(Date.parse(c.t))));
  if (bad) {
    throw invalid('HISTORY.INVALID_CURSOR', 'the cursor is not one this history issued', [
      { path: 'cursor', message: 'must be a nextCursor this history returned' },
    ]);
  }
  return {
    v: c.v as number,
    ...(c.o !== undefined && { o: c.o }),
    ...(c.to !== undefined && { to: c.to }),
    ...(c.h !== undefined && { h: c.h }),
    ...(c.n !== undefined && { n: c.n }),
    ...(c.b !== undefined && { b: c.b }),
    ...(c.t !== undefined && { t: c.t }),
  };
}
