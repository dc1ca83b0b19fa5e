import type { Doc, Filter, Sort } from '../read-model.port';

/**
 * A slow, obvious in-memory reading of the port's query semantics (MongoDB 8 for the supported subset).
 * Adapter tests compare their translations against it; it is never used to serve queries.
 *
 * Also understands `{ $type: [...] }` with the aliases 'null' 'number' 'string' 'object' 'array' 'bool',
 * because the Mongo adapter's cursor filters use them.
 */

const MISSING = Symbol('missing');
type Candidate = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RegExp);

/** Every value a dotted path reaches, Mongo style: arrays fan out to their object elements, one level per step. */
function resolve(value: unknown, parts: string[]): Candidate[] {
  if (parts.length === 0) return [value];
  const [head, ...rest] = parts;
  if (Array.isArray(value)) {
    const out: Candidate[] = [];
    for (const el of value) if (isObject(el)) out.push(...resolve(own(el, head), rest));
    if (/^\d+$/.test(head)) out.push(...resolve(Number(head) < value.length ? value[Number(head)] : MISSING, rest));
    return out;
  }
  if (isObject(value)) return resolve(own(value, head), rest);
  return [MISSING];
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) && obj[key] !== undefined ? obj[key] : MISSING;
}

/** Strings compare by UTF-8 bytes, as SQLite (BINARY) and MongoDB (no collation) both do. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

type Test = (v: unknown) => boolean;

interface Predicate {
  test: Test;
  matchesMissing: boolean;
}

function equality(expected: unknown): Predicate {
  if (expected instanceof RegExp)
    return { test: (v) => typeof v === 'string' && new RegExp(expected.source, expected.flags.replace(/[gy]/g, '')).test(v), matchesMissing: false };
  if (expected === null) return { test: (v) => v === null, matchesMissing: true };
  if (typeof expected === 'object') {
    const text = JSON.stringify(expected);
    const array = Array.isArray(expected);
    return { test: (v) => typeof v === 'object' && v !== null && Array.isArray(v) === array && JSON.stringify(v) === text, matchesMissing: false };
  }
  return { test: (v) => v === expected, matchesMissing: false };
}

function range(op: string, bound: unknown): Predicate {
  if (bound === null) return { test: (v) => (op === '$gte' || op === '$lte') && v === null, matchesMissing: op === '$gte' || op === '$lte' };
  const cmp = (v: unknown): number | null => {
    if (typeof bound === 'number' && typeof v === 'number') return v - bound;
    if (typeof bound === 'string' && typeof v === 'string') return compareStrings(v, bound);
    if (typeof bound === 'boolean' && typeof v === 'boolean') return Number(v) - Number(bound);
    return null;
  };
  return {
    test: (v) => {
      const c = cmp(v);
      if (c === null) return false;
      return op === '$gt' ? c > 0 : op === '$gte' ? c >= 0 : op === '$lt' ? c < 0 : c <= 0;
    },
    matchesMissing: false,
  };
}

const TYPE_ALIASES: Record<string, Test> = {
  null: (v) => v === null,
  number: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  object: isObject,
  array: Array.isArray,
  bool: (v) => typeof v === 'boolean',
};

function anyCandidate(doc: Doc, path: string, p: Predicate): boolean {
  for (const c of resolve(doc, path.split('.'))) {
    if (c === MISSING) {
      if (p.matchesMissing) return true;
      continue;
    }
    if (p.test(c)) return true;
    if (Array.isArray(c) && c.some(p.test)) return true;
  }
  return false;
}

function fieldMatches(doc: Doc, path: string, condition: unknown): boolean {
  const isOperators = isObject(condition) && Object.keys(condition).length > 0 && Object.keys(condition).every((k) => k.startsWith('$'));
  if (!isOperators) return anyCandidate(doc, path, equality(condition));
  const ops = condition as Record<string, unknown>;
  return Object.entries(ops).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return anyCandidate(doc, path, equality(arg));
      case '$ne':
        return !anyCandidate(doc, path, equality(arg));
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte':
        return anyCandidate(doc, path, range(op, arg));
      case '$in':
        return (arg as unknown[]).some((v) => anyCandidate(doc, path, equality(v)));
      case '$nin':
        return !(arg as unknown[]).some((v) => anyCandidate(doc, path, equality(v)));
      case '$exists':
        return resolve(doc, path.split('.')).some((c) => c !== MISSING) === Boolean(arg);
      case '$regex': {
        const source = arg instanceof RegExp ? arg.source : String(arg);
        const flags = (arg instanceof RegExp ? arg.flags.replace(/[gy]/g, '') : '') + String(ops.$options ?? '');
        return anyCandidate(doc, path, equality(new RegExp(source, [...new Set(flags)].join(''))));
      }
      case '$options':
        return true;
      case '$type': {
        const tests = (Array.isArray(arg) ? arg : [arg]).map((alias) => TYPE_ALIASES[String(alias)]);
        return resolve(doc, path.split('.')).some(
          (c) => c !== MISSING && (tests.some((t) => t(c)) || (Array.isArray(c) && c.some((e) => tests.some((t) => t(e))))),
        );
      }
      default:
        throw new Error(`reference semantics: unsupported operator ${op}`);
    }
  });
}

/** Whether a JSON document matches a filter under the port's semantics. */
export function referenceMatches(doc: Doc, filter: Filter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Filter[]).every((f) => referenceMatches(doc, f));
    if (key === '$or') return (condition as Filter[]).some((f) => referenceMatches(doc, f));
    return fieldMatches(doc, key, condition);
  });
}

/** Null and missing first, then numbers, strings, objects, arrays, booleans (MongoDB's order of types). */
function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (Array.isArray(v)) return 4;
  if (typeof v === 'object') return 3;
  return 5;
}

/** The sort key of a path: plain descent through objects (sort fields are expected to hold scalars). */
export function sortValue(doc: Doc, path: string): unknown {
  let v: unknown = doc;
  for (const part of path.split('.')) {
    if (!isObject(v)) return null;
    v = v[part];
  }
  return v ?? null;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (ra === 0) return 0;
  return compareStrings(JSON.stringify(a), JSON.stringify(b));
}

/** The port's order for a sort spec, `id` ascending as the last tie-breaker. */
export function referenceComparator(sort: Sort = { id: 1 }): (a: Doc, b: Doc) => number {
  const keys = Object.entries(sort);
  if (!keys.some(([k]) => k === 'id')) keys.push(['id', 1]);
  return (a, b) => {
    for (const [path, dir] of keys) {
      const c = compareValues(sortValue(a, path), sortValue(b, path));
      if (c !== 0) return c * dir;
    }
    return 0;
  };
}

/** find() done the slow way: every matching document in the port's order. */
export function referenceFind(docs: Doc[], filter: Filter, sort?: Sort): Doc[] {
  return docs.filter((d) => referenceMatches(d, filter)).sort(referenceComparator(sort));
}
