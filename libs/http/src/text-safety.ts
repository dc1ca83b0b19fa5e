import { fieldPath } from '@pmt/kernel';

/**
 * Characters no text field may hold: C0 and C1 controls (but tab, line feed and carriage return, which multi-line
 * notes need), DEL, and the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that
 * make text display in another order than it is stored ("Trojan Source"): a title that reads one way on screen and
 * another in the history or an export.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

export const UNSAFE_TEXT_MESSAGE = 'must not contain control characters or bidirectional overrides (U+202A–U+202E, U+2066–U+2069)';

/** No schema nests this deep; a body that does is refused before anything walks it (a 500 KB `[[[[…` would otherwise recurse). */
export const MAX_BODY_DEPTH = 32;

export function hasUnsafeText(text: string): boolean {
  return UNSAFE.test(text);
}

/** True when the JSON-like value nests deeper than `max` arrays/objects. Iterative: a hostile depth cannot overflow the stack. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Paths of strings and keys holding unsafe characters (a bad key named with U+FFFD in their place), at most `limit`. */
export function unsafeTextPaths(value: unknown, limit = 20): string[] {
  const found: string[] = [];
  const visit = (v: unknown, path: Array<string | number>): void => {
    if (found.length >= limit) return;
    if (typeof v === 'string') {
      if (hasUnsafeText(v)) found.push(fieldPath(path));
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length && found.length < limit; i++) visit(v[i], [...path, i]);
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        if (hasUnsafeText(key)) found.push(fieldPath([...path, key.replace(UNSAFE_ALL, '\ufffd')]));
        else visit((v as Record<string, unknown>)[key], [...path, key]);
        if (found.length >= limit) return;
      }
    }
  };
  visit(value, []);
  return found;
}
