/**
 * The rm_keys_v2 entries of a document: for each indexed path of its collection (rm_paths), every string
 * and number the path reaches, array positions left out ('parties.organisationId' reaches the id of every
 * party), as MongoDB's multikey index keys it. Strings are cut to KEY_CHARS characters; since cutting keeps
 * their order, a probe on the cut value still finds every match (a superset), and the exact filter then
 * decides.
 *
 * Only the paths a query has filtered on are indexed (see EmbeddedReadModelStore.indexedPath): keying every
 * value of every document made each write cost ~50 index rows for an MOU, most of them for paths no query
 * reads (every KPI report's value, date and note).
 *
 * Writes diff a document's computed keys against its previous version's, so what this file computes
 * must stay what rm_keys_v2 holds: changing KEY_CHARS or what a path reaches means renaming the table
 * (rm_keys_v3), whose paths are then indexed afresh on use. rm_docs must only be written through the store.
 */
export const KEY_CHARS = 48;

export type KeyValue = string | number;

export function truncateKey(value: string): string {
  // length counts UTF-16 units, never fewer than characters, so short strings skip the split.
  return value.length <= KEY_CHARS ? value : Array.from(value).slice(0, KEY_CHARS).join('');
}

/** An indexed path of a collection and the number rm_paths gave it. */
export interface IndexedPath {
  pathId: number;
  path: string;
}

/** A document's keys by a string that tells them apart (so two versions' keys can be diffed). */
export type Keys = Map<string, [pathId: number, value: KeyValue]>;

export const NO_KEYS: Keys = new Map();

interface Step {
  /** Set when a path ends here: the values reached here are its keys. */
  pathId?: number;
  next?: Map<string, Step>;
}

/** The indexed paths of one collection as a tree of steps, so a document is walked only along them. */
export class KeyPaths {
  private readonly root: Step = {};
  readonly empty: boolean;

  constructor(paths: readonly IndexedPath[]) {
    for (const { pathId, path } of paths) {
      let step = this.root;
      for (const name of path.split('.')) {
        step.next ??= new Map();
        let child = step.next.get(name);
        if (!child) step.next.set(name, (child = {}));
        step = child;
      }
      step.pathId = pathId;
    }
    this.empty = paths.length === 0;
  }

  /**
   * The keys of a document as its JSON text holds them, read from the object itself (parsing the text
   * again would cost more than the walk): `toJSON` is called, boxed primitives unboxed, and what
   * JSON.stringify leaves out or writes as null (undefined, functions, NaN, non-enumerable fields) is no key.
   */
  keysOf(doc: unknown): Keys {
    if (this.empty) return NO_KEYS;
    const out: Keys = new Map();
    walk(doc, '', this.root, out);
    return out;
  }
}

/**
 * A value reaches: itself when a path ends here (a string or number), each element when it is an array
 * (at any depth, as the filter's fan-out does for object elements: a superset), and the named fields of an
 * object. Booleans and null are never keys: probes only test strings and numbers.
 */
function walk(raw: unknown, name: string, step: Step, out: Keys): void {
  const value = jsonValue(raw, name);
  if (typeof value === 'string') {
    if (step.pathId !== undefined) {
      const key = truncateKey(value);
      out.set(`${step.pathId}\0s${key}`, [step.pathId, key]);
    }
  } else if (typeof value === 'number') {
    if (step.pathId !== undefined && Number.isFinite(value)) out.set(`${step.pathId}\0n${value}`, [step.pathId, value]);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) walk(value[i], String(i), step, out);
  } else if (value !== null && typeof value === 'object' && step.next) {
    for (const [field, next] of step.next) {
      if (Object.prototype.propertyIsEnumerable.call(value, field)) walk((value as Record<string, unknown>)[field], field, next, out);
    }
  }
}

/** What JSON.stringify writes for a value before looking at its type. */
function jsonValue(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  const v = typeof toJSON === 'function' ? (toJSON.call(value, name) as unknown) : value;
  if (v instanceof Number) return Number(v);
  if (v instanceof String) return String(v);
  if (v instanceof Boolean) return v.valueOf();
  return v;
}
