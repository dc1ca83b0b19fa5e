import type { StoredEventJson } from '@pmt/event-store';
import { chainHash, chainHashOfFields, GENESIS_HASH, hashedFields, type ChainVerification, type HashedFields } from '@pmt/kernel';

/**
 * verifyChain made event by event while an export reads them, so that the JSON export checks the chain in the
 * same pass that writes the file instead of reading and parsing every event a second time. The state travels
 * in the export's cursor: `h` the stored hash of the last event checked, `n` how many were checked, `b` the
 * first invalid version once one is found.
 */
export interface ChainState {
  h: string;
  n: number;
  b?: number;
}

export const chainStart = (): ChainState => ({ h: GENESIS_HASH, n: 0 });

/**
 * Checks the next event as verifyChain does: versions run 1..n and each hash is chainHash(previous stored hash,
 * event). The SQLite store keeps data as the canonical text its hash covers, so the stored text is hashed as it
 * is; only when that does not match (rows written before the store kept canonical text, other stores, an edit)
 * is the data parsed and hashed the usual way, which also refuses text that is not JSON. A match of the text as
 * it is cannot come from an edit unless whoever edited also recomputed the hash (a rewrite-and-rehash, which
 * the chain cannot see either way: the seals in the trailer are what detect it).
 */
export function checkEvent(state: ChainState, e: StoredEventJson, fields: HashedFields = hashedFields(e)): void {
  const expected = state.n + 1;
  state.n = expected;
  if (state.b !== undefined) {
    // the chain is broken already (verifyChain stops there); the text still goes into the file, so it must be JSON
    JSON.parse(e.dataJson);
    return;
  }
  const ok = chainHashOfFields(state.h, fields, e.dataJson) === e.hash || chainHash(state.h, { ...e, data: JSON.parse(e.dataJson) }) === e.hash;
  if (!ok || e.streamVersion !== expected) {
    state.b = Math.min(e.streamVersion, expected);
    // what an edited row holds as its hash need not fit in a cursor, and is not needed any more
    state.h = GENESIS_HASH;
  } else {
    state.h = e.hash;
  }
}

export function verificationOf(state: ChainState): ChainVerification {
  return { valid: state.b === undefined, events: state.n, firstInvalidVersion: state.b ?? null };
}
