/**
 * The rm_keys entries of a document: every string and number it holds, under its dotted path with array
 * positions left out ('parties.organisationId'), as MongoDB's multikey wildcard index keys it. Strings
 * are cut to KEY_CHARS characters; since cutting keeps their order, a probe on the cut value still finds
 * every match (a superset), and the exact filter then decides.
 *
 * Writes diff a document's computed keys against its previous version's, so what this file computes
 * must stay what rm_keys holds: changing KEY_CHARS or documentKeys means renaming the table (rm_keys_v2),
 * which ensureSchema then builds afresh from rm_docs. rm_docs must only be written through the store.
 */
export const KEY_CHARS = 48;

export type KeyValue = string | number;

export function truncateKey(value: string): string {
  // length counts UTF-16 units, never fewer than characters, so short strings skip the split.
  return value.length <= KEY_CHARS ? value : Array.from(value).slice(0, KEY_CHARS).join('');
}

/** The keys by a string that tells them apart (so two documents' keys can be diffed). */
export function documentKeys(doc: Record<string, unknown>): Map<string, [string, KeyValue]> {
  const out = new Map<string, [string, KeyValue]>();
  const emit = (path: string, value: KeyValue) => {
    out.set(`${path}\0${typeof value}\0${value}`, [path, value]);
  };
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') emit(path, truncateKey(value));
    else if (typeof value === 'number') emit(path, value);
    else if (Array.isArray(value)) for (const element of value) walk(element, path);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
  };
  for (const [k, v] of Object.entries(doc)) if (k !== 'id') walk(v, k);
  return out;
}
