/**
 * Well-formed Unicode: text without a lone UTF-16 surrogate. JavaScript strings may hold one (`"\ud800"` is valid
 * JSON), but UTF-8 cannot: SQLite, NATS and files turn it into U+FFFD, so text stored would differ from the text
 * hashed. Such text is refused where it enters (HTTP bodies, the event store's append), never repaired.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATES = /\p{Cs}/gu;

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** The text with U+FFFD for each lone surrogate: for messages and paths that name bad text, never for stored data. */
export function toWellFormedText(text: string): string {
  return text.replace(LONE_SURROGATES, '\ufffd');
}

export const ILL_FORMED_TEXT_MESSAGE = 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate)';

/** `['changes', 'clause 4', 0]` → `changes.clause 4[0]`, the form clients see in problem bodies. */
export function fieldPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * Paths of the strings and object keys in a JSON-like value that are not well-formed (a bad key is named by the
 * path to it), at most `limit` of them. Own enumerable keys only, as JSON has.
 */
export function illFormedTextPaths(value: unknown, prefix: ReadonlyArray<string | number> = [], limit = 20): string[] {
  const found: string[] = [];
  const visit = (v: unknown, path: Array<string | number>): void => {
    if (found.length >= limit) return;
    if (typeof v === 'string') {
      if (!isWellFormedText(v)) found.push(fieldPath(path));
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...path, i]));
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        // a bad key is named with U+FFFD in place of its surrogate, so that the answer itself stays well formed
        if (!isWellFormedText(key)) found.push(fieldPath([...path, toWellFormedText(key)]));
        else visit((v as Record<string, unknown>)[key], [...path, key]);
        if (found.length >= limit) return;
      }
    }
  };
  visit(value, [...prefix]);
  return found;
}
