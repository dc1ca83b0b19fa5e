import { CodedError } from '@pmt/kernel';

/** Versions travel as strong entity tags: `"7"`. */
export const formatEtag = (version: number): string => `"${version}"`;

const STRONG_VERSION_TAG = /^"(0|[1-9][0-9]{0,15})"$/;

/**
 * `If-Match: "<n>"` → n; absent or `*` → undefined (no expectation beyond existence, which the service checks).
 * Anything else (weak tags, lists, bare numbers) is refused: a guess at what the client meant could overwrite someone's change.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header.join(',') : header;
  const trimmed = value.trim();
  if (trimmed === '*') return undefined;
  const m = STRONG_VERSION_TAG.exec(trimmed);
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new CodedError('REQUEST.BAD_IF_MATCH', 'invalid', 'If-Match must be a single strong entity tag holding a version, like "3"', undefined, [
      { path: 'If-Match', message: 'must look like "3"' },
    ]);
  }
  return n;
}
