import { invalid } from '@pmt/kernel';
import type { Filter } from '@pmt/read-model';
import { truncateKey } from './keys';
import { Params, sqlString } from './params';
import { INVALID_FILTER, isPlainObject } from './validation';

/** SQL function registered on the connection: rm_regexp(source, flags, value) → 1 or 0. */
export const REGEXP_FUNCTION = 'rm_regexp';

/**
 * Translates a port filter (Mongo semantics) into a SQL condition over `rm_docs d`.
 *
 * A dotted path reaches a set of candidate values, as in MongoDB: objects are descended, an array met on
 * the way fans out to its object elements (and a numeric step also indexes it), and a value that is an
 * array is matched both as a whole and element by element. A path that reaches nothing is "missing",
 * which `null` matches. Each piece becomes json_type/json_extract on a path, or EXISTS over json_each
 * where arrays can be, so SQLite evaluates it without handing documents to JavaScript.
 *
 * Three-valued logic: every positive test is NULL or false when it does not hold, never true, so a
 * NULL only ever stands for false; negations wrap their operand in IFNULL(…, 0) to keep it that way.
 *
 * `probes` collects, for the conditions every match must meet (top level and $and), a test on the keys
 * of their path (rm_keys_v2) that finds a superset of the matching documents; the store may start from the
 * most selective one whose path is indexed.
 */
export function filterSql(filter: Filter, params: Params, probes?: Probe[]): string {
  if (!isPlainObject(filter)) throw invalid(INVALID_FILTER, 'a filter must be an object');
  const parts: string[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0 || !condition.every(isPlainObject)) {
        throw invalid(INVALID_FILTER, `${key} needs a non-empty array of filters`);
      }
      const subs = condition.map((sub) => filterSql(sub, params, key === '$and' ? probes : undefined));
      parts.push(`(${subs.join(key === '$and' ? ' AND ' : ' OR ')})`);
    } else if (key.startsWith('$')) {
      throw invalid(INVALID_FILTER, `unsupported operator ${key}; supported at the top level: $and, $or`);
    } else {
      parts.push(fieldSql(key, condition, params, probes));
    }
  }
  return parts.length === 0 ? '1' : parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

/** A test of one present value: `t` is its json_type, `v` its SQL value (JSON text for arrays and objects). */
interface Predicate {
  matchesMissing: boolean;
  /** Whether elements of an array value are tested too (everything but $exists). */
  elements: boolean;
  on(t: string, v: string): string;
}

const NEVER: Predicate = { matchesMissing: false, elements: false, on: () => '0' };
const EXISTS: Predicate = { matchesMissing: false, elements: false, on: (t) => `${t} IS NOT NULL` };
const NULL: Predicate = { matchesMissing: true, elements: true, on: (t) => `${t} = 'null'` };
const NUMBER_TYPES = `('integer','real')`;

/** A condition on the value of rm_keys_v2 k, met by a key of `path` of every document the filter matches. */
export interface Probe {
  path: string;
  sql: string;
}

function fieldSql(path: string, condition: unknown, params: Params, probes?: Probe[]): string {
  const parts = splitPath(path);
  const test = (predicate: Predicate) => reach(parts, predicate);
  // Keys leave out array positions, and id has its own index.
  const probe = probes && path !== 'id' && !parts.some((p) => /^\d+$/.test(p)) ? (sql: string) => probes.push({ path, sql }) : () => undefined;
  if (!isOperatorObject(condition, path)) {
    const value = jsonValue(condition, 'an equality value');
    if (typeof value === 'string' || typeof value === 'number') probe(`k.value = ${params.bind(keyOf(value))}`);
    return test(equals(condition, params));
  }

  const ops = condition as Record<string, unknown>;
  const tests: string[] = [];
  for (const [op, arg] of Object.entries(ops)) {
    switch (op) {
      case '$eq':
      case '$ne': {
        // A RegExp matches as a pattern only as a plain value, in $in or in $regex; $eq would mean "is a regex".
        if (arg instanceof RegExp) throw invalid(INVALID_FILTER, `the ${op} value for ${path} is a RegExp; use $regex`);
        const eq = test(equals(arg, params));
        tests.push(op === '$eq' ? eq : not(eq));
        const value = jsonValue(arg, 'an equality value');
        if (op === '$eq' && (typeof value === 'string' || typeof value === 'number')) probe(`k.value = ${params.bind(keyOf(value))}`);
        break;
      }
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        tests.push(test(range(op, arg, params)));
        const bound = jsonValue(arg, `the ${op} bound`);
        if (typeof bound === 'string' || typeof bound === 'number') probe(rangeProbe(op, bound, params));
        break;
      }
      case '$in': {
        const values = inList(op, arg, path);
        tests.push(test(anyOf(values, params)));
        const keys = values.map((v) => jsonValue(v, 'an $in value'));
        if (keys.every((v): v is string | number => typeof v === 'string' || typeof v === 'number')) {
          probe(keys.length ? `k.value IN (${keys.map((v) => params.bind(keyOf(v))).join(', ')})` : '0');
        }
        break;
      }
      case '$nin':
        tests.push(not(test(anyOf(inList(op, arg, path), params))));
        break;
      case '$exists':
        if (typeof arg !== 'boolean' && typeof arg !== 'number') throw invalid(INVALID_FILTER, `$exists on ${path} needs true or false`);
        tests.push(arg ? test(EXISTS) : not(test(EXISTS)));
        break;
      case '$regex':
        tests.push(test(regex(arg, ops.$options, path, params)));
        break;
      case '$options':
        if (!('$regex' in ops)) throw invalid(INVALID_FILTER, `$options on ${path} needs a $regex beside it`);
        break;
      default:
        throw invalid(INVALID_FILTER, `unsupported operator ${op} on ${path}; supported: $eq $ne $gt $gte $lt $lte $in $nin $exists $regex $options`);
    }
  }
  return tests.length === 1 ? tests[0] : `(${tests.join(' AND ')})`;
}

/** `{ $gt: 1 }` is an operator object, `{ a: 1 }` and `{}` are literal documents, a mix of both is an error. */
function isOperatorObject(condition: unknown, path: string): boolean {
  if (!isPlainObject(condition)) return false;
  const keys = Object.keys(condition);
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators > 0 && operators < keys.length) throw invalid(INVALID_FILTER, `the condition on ${path} mixes operators and fields`);
  return operators > 0;
}

export function splitPath(path: string): string[] {
  const parts = path.split('.');
  if (parts[0] === '_id' || parts.some((part) => part === '' || part.startsWith('$') || /["\0]/.test(part))) {
    throw invalid(INVALID_FILTER, `"${path}" is not a usable field path`, [
      { path, message: 'dot-separated names, none empty, starting with $ or holding a double quote; the key is id, not _id' },
    ]);
  }
  return parts;
}

const not = (sql: string) => `NOT IFNULL(${sql}, 0)`;

const keyOf = (value: string | number) => (typeof value === 'string' ? truncateKey(value) : value);

/**
 * In rm_keys_v2 numbers sort before all strings. A cut string bound is widened to include its equal
 * (a longer value cut to the same prefix may be on either side of it).
 */
function rangeProbe(op: keyof typeof COMPARATORS, bound: string | number, params: Params): string {
  const upward = op === '$gt' || op === '$gte';
  if (typeof bound === 'number')
    return upward ? `k.value ${COMPARATORS[op]} ${params.bind(bound)} AND k.value < ''` : `k.value ${COMPARATORS[op]} ${params.bind(bound)}`;
  const key = params.bind(truncateKey(bound));
  return upward ? `k.value >= ${key} AND k.value < x''` : `k.value <= ${key} AND k.value >= ''`;
}

// ---- paths -------------------------------------------------------------------------------------

/** A JSON path: known text (inlined as a literal, so the statement text stays stable) or built per row. */
type JsonPath = { text: string } | { expr: string };

const pathSql = (p: JsonPath) => ('text' in p ? sqlString(p.text) : p.expr);
const extend = (p: JsonPath, step: string): JsonPath => ('text' in p ? { text: p.text + step } : { expr: `${p.expr} || ${sqlString(step)}` });
const key = (name: string) => `."${name}"`;

function reach(parts: string[], predicate: Predicate): string {
  // `id` is the key column: always a present string, and indexed.
  if (parts.length === 1 && parts[0] === 'id') return predicate.on(`'text'`, 'd.id');
  // The document root is an object, so the first step never fans out.
  return descend(extend({ text: '$' }, key(parts[0])), parts.slice(1), predicate, 0);
}

/** Whether any candidate reached from `p` by the remaining `steps` satisfies the predicate. */
function descend(p: JsonPath, steps: string[], predicate: Predicate, depth: number): string {
  if (steps.length === 0) return leaf(p, predicate, depth);
  const [head, ...rest] = steps;
  const path = pathSql(p);
  const type = `json_type(d.doc, ${path})`;
  const e = `e${depth}`;

  // Not an array: an object is descended; a scalar or nothing leaves the rest missing.
  let direct = descend(extend(p, key(head)), rest, predicate, depth);
  // Into an array, the plain step reaches nothing rather than something missing.
  if (predicate.matchesMissing) direct = `(${type} IS NOT 'array' AND ${direct})`;

  const fanOut = `EXISTS (SELECT 1 FROM json_each(d.doc, ${path}) AS ${e} WHERE ${e}.type = 'object' AND ${descend(extend({ expr: `${e}.fullkey` }, key(head)), rest, predicate, depth + 1)})`;
  const index = /^\d+$/.test(head) ? ` OR ${descend(extend(p, `[${head}]`), rest, predicate, depth + 1)}` : '';
  return `(${direct} OR (${type} = 'array' AND (${fanOut}${index})))`;
}

/** The value at `p` tested as a whole, missing, or element by element when it is an array. */
function leaf(p: JsonPath, predicate: Predicate, depth: number): string {
  const path = pathSql(p);
  const type = `json_type(d.doc, ${path})`;
  const tests: string[] = [];
  if (predicate.matchesMissing) tests.push(`${type} IS NULL`);
  tests.push(predicate.on(type, `json_extract(d.doc, ${path})`));
  if (predicate.elements) {
    const e = `e${depth}`;
    tests.push(`(${type} = 'array' AND EXISTS (SELECT 1 FROM json_each(d.doc, ${path}) AS ${e} WHERE ${predicate.on(`${e}.type`, `${e}.value`)}))`);
  }
  return tests.length === 1 ? tests[0] : `(${tests.join(' OR ')})`;
}

// ---- predicates --------------------------------------------------------------------------------

/** Filter values as the documents hold them: dates as ISO strings, nested values as their JSON round trip. */
function jsonValue(value: unknown, where: string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value === undefined) throw invalid(INVALID_FILTER, `${where} is undefined; leave the condition out instead`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw invalid(INVALID_FILTER, `${where} is not a finite number`);
  if (typeof value === 'object' && value !== null && !(value instanceof RegExp)) return JSON.parse(JSON.stringify(value));
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw invalid(INVALID_FILTER, `${where} is not a JSON value`);
  return value;
}

function equals(raw: unknown, params: Params): Predicate {
  const value = jsonValue(raw, 'an equality value');
  if (value instanceof RegExp) return regexPredicate(value.source, value.flags.replace(/[gy]/g, ''), params);
  if (value === null) return NULL;
  if (typeof value === 'boolean') return { matchesMissing: false, elements: true, on: (t) => `${t} = '${value}'` };
  if (typeof value === 'number') {
    const p = params.bind(value);
    return { matchesMissing: false, elements: true, on: (t, v) => `(${v} = ${p} AND ${t} IN ${NUMBER_TYPES})` };
  }
  if (typeof value === 'string') {
    const p = params.bind(value);
    return { matchesMissing: false, elements: true, on: (t, v) => `(${v} = ${p} AND ${t} = 'text')` };
  }
  // Whole arrays and documents compare as their compact JSON text: field order matters, as in MongoDB.
  const kind = Array.isArray(value) ? 'array' : 'object';
  const p = params.bind(JSON.stringify(value));
  return { matchesMissing: false, elements: true, on: (t, v) => `(${t} = '${kind}' AND ${v} = ${p})` };
}

const COMPARATORS = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as const;

/** Comparisons are type-bracketed as in MongoDB: a number bound only meets numbers, a string only strings. */
function range(op: keyof typeof COMPARATORS, raw: unknown, params: Params): Predicate {
  const bound = jsonValue(raw, `the ${op} bound`);
  const cmp = COMPARATORS[op];
  if (bound === null) return op === '$gte' || op === '$lte' ? NULL : NEVER;
  const types =
    typeof bound === 'number' ? `IN ${NUMBER_TYPES}` : typeof bound === 'string' ? `= 'text'` : typeof bound === 'boolean' ? `IN ('true','false')` : null;
  if (types === null) throw invalid(INVALID_FILTER, `${op} takes a number, string, boolean, date or null`);
  const p = params.bind(bound as string | number | boolean);
  return { matchesMissing: false, elements: true, on: (t, v) => `(${t} ${types} AND ${v} ${cmp} ${p})` };
}

function inList(op: string, arg: unknown, path: string): unknown[] {
  if (!Array.isArray(arg)) throw invalid(INVALID_FILTER, `${op} on ${path} needs an array`);
  return arg;
}

function anyOf(values: unknown[], params: Params): Predicate {
  if (values.length === 0) return NEVER;
  // Strings and numbers, the usual case, become one IN list each.
  const normalised = values.map((v) => jsonValue(v, 'an $in value'));
  const strings = normalised.filter((v): v is string => typeof v === 'string');
  const numbers = normalised.filter((v): v is number => typeof v === 'number');
  const others = normalised.filter((v) => typeof v !== 'string' && typeof v !== 'number').map((v) => equals(v, params));
  const stringList = strings.map((s) => params.bind(s)).join(', ');
  const numberList = numbers.map((n) => params.bind(n)).join(', ');
  return {
    matchesMissing: others.some((p) => p.matchesMissing),
    elements: true,
    on: (t, v) => {
      const tests: string[] = [];
      if (strings.length) tests.push(`(${v} IN (${stringList}) AND ${t} = 'text')`);
      if (numbers.length) tests.push(`(${v} IN (${numberList}) AND ${t} IN ${NUMBER_TYPES})`);
      for (const other of others) tests.push(other.on(t, v));
      return tests.length === 1 ? tests[0] : `(${tests.join(' OR ')})`;
    },
  };
}

const REGEX_FLAGS = /^[ims]*$/;

function regex(arg: unknown, options: unknown, path: string, params: Params): Predicate {
  if (typeof arg !== 'string' && !(arg instanceof RegExp)) throw invalid(INVALID_FILTER, `$regex on ${path} needs a string or a RegExp`);
  if (options !== undefined && typeof options !== 'string') throw invalid(INVALID_FILTER, `$options on ${path} must be a string`);
  const source = typeof arg === 'string' ? arg : arg.source;
  const flags = [...new Set((typeof arg === 'string' ? '' : arg.flags.replace(/[gy]/g, '')) + (options ?? ''))].join('');
  return regexPredicate(source, flags, params);
}

function regexPredicate(source: string, flags: string, params: Params): Predicate {
  if (!REGEX_FLAGS.test(flags)) throw invalid(INVALID_FILTER, `regex options "${flags}" are not supported; use i, m or s`);
  compileRegex(source, flags);
  // A plain substring (the usual search box, Thai included: Thai has no case) needs no JavaScript call per row.
  if (!/[\\^$.|?*+()[\]{}]/.test(source) && (!flags.includes('i') || source.toLowerCase() === source.toUpperCase())) {
    const literal = params.bind(source);
    return { matchesMissing: false, elements: true, on: (t, v) => `(instr(${v}, ${literal}) > 0 AND ${t} = 'text')` };
  }
  const s = params.bind(source);
  const f = params.bind(flags);
  return { matchesMissing: false, elements: true, on: (t, v) => `(${t} = 'text' AND ${REGEXP_FUNCTION}(${s}, ${f}, ${v}))` };
}

const compiled = new Map<string, RegExp>();

/** Compiles (once per pattern) a regex the SQL function and the filter check share. */
export function compileRegex(source: string, flags: string): RegExp {
  const cacheKey = `${flags}/${source}`;
  let re = compiled.get(cacheKey);
  if (!re) {
    try {
      re = new RegExp(source, flags);
    } catch (error) {
      throw invalid(INVALID_FILTER, `invalid regex /${source}/: ${(error as Error).message}`);
    }
    if (compiled.size >= 500) compiled.clear();
    compiled.set(cacheKey, re);
  }
  return re;
}
