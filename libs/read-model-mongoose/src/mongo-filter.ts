import { invalid } from '@pmt/kernel';
import type { Filter } from '@pmt/read-model';
import { INVALID_FILTER, isPlainObject } from './validation';

const FIELD_OPERATORS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex', '$options']);
const REGEX_FLAGS = /^[ims]*$/;

/**
 * A port filter as a MongoDB query. Mongo evaluates the supported subset natively, so this only checks
 * that nothing outside the port gets through (both adapters must accept the same filters), maps `id` to
 * `_id`, and turns values into what the documents hold (dates as ISO strings, RegExps as $regex).
 */
export function toMongoFilter(filter: Filter): Record<string, unknown> {
  if (!isPlainObject(filter)) throw invalid(INVALID_FILTER, 'a filter must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0 || !condition.every(isPlainObject)) {
        throw invalid(INVALID_FILTER, `${key} needs a non-empty array of filters`);
      }
      out[key] = condition.map((sub) => toMongoFilter(sub));
    } else if (key.startsWith('$')) {
      throw invalid(INVALID_FILTER, `unsupported operator ${key}; supported at the top level: $and, $or`);
    } else {
      checkPath(key);
      out[key === 'id' ? '_id' : key] = toCondition(key, condition);
    }
  }
  return out;
}

export function checkPath(path: string): void {
  const parts = path.split('.');
  if (parts[0] === '_id' || parts.some((part) => part === '' || part.startsWith('$') || /["\0]/.test(part))) {
    throw invalid(INVALID_FILTER, `"${path}" is not a usable field path`, [
      { path, message: 'dot-separated names, none empty, starting with $ or holding a double quote; the key is id, not _id' },
    ]);
  }
}

function toCondition(path: string, condition: unknown): unknown {
  if (!isPlainObject(condition)) return jsonValue(condition, `the value for ${path}`, true);
  const keys = Object.keys(condition);
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators === 0) return jsonValue(condition, `the value for ${path}`, false);
  if (operators < keys.length) throw invalid(INVALID_FILTER, `the condition on ${path} mixes operators and fields`);

  const out: Record<string, unknown> = {};
  for (const [op, arg] of Object.entries(condition)) {
    if (!FIELD_OPERATORS.has(op)) {
      throw invalid(INVALID_FILTER, `unsupported operator ${op} on ${path}; supported: $eq $ne $gt $gte $lt $lte $in $nin $exists $regex $options`);
    }
    switch (op) {
      case '$eq':
      case '$ne':
        out[op] = jsonValue(arg, `the ${op} value for ${path}`, false);
        break;
      case '$gt':
      case '$gte':
      case '$lt':
      case '$lte': {
        const bound = jsonValue(arg, `the ${op} bound for ${path}`, false);
        if (bound !== null && typeof bound !== 'number' && typeof bound !== 'string' && typeof bound !== 'boolean') {
          throw invalid(INVALID_FILTER, `${op} takes a number, string, boolean, date or null`);
        }
        out[op] = bound;
        break;
      }
      case '$in':
      case '$nin':
        if (!Array.isArray(arg)) throw invalid(INVALID_FILTER, `${op} on ${path} needs an array`);
        out[op] = arg.map((v) => {
          const value = jsonValue(v, `an ${op} value for ${path}`, true);
          return value instanceof RegExp ? checkedRegExp(value.source, value.flags) : value;
        });
        break;
      case '$exists':
        if (typeof arg !== 'boolean' && typeof arg !== 'number') throw invalid(INVALID_FILTER, `$exists on ${path} needs true or false`);
        out.$exists = Boolean(arg);
        break;
      case '$regex': {
        const options = condition.$options;
        if (typeof arg !== 'string' && !(arg instanceof RegExp)) throw invalid(INVALID_FILTER, `$regex on ${path} needs a string or a RegExp`);
        if (options !== undefined && typeof options !== 'string') throw invalid(INVALID_FILTER, `$options on ${path} must be a string`);
        const source = typeof arg === 'string' ? arg : arg.source;
        const flags = [...new Set((typeof arg === 'string' ? '' : arg.flags) + (options ?? ''))].join('');
        const re = checkedRegExp(source, flags);
        out.$regex = re.source;
        if (re.flags) out.$options = re.flags;
        break;
      }
      case '$options':
        if (!('$regex' in condition)) throw invalid(INVALID_FILTER, `$options on ${path} needs a $regex beside it`);
        break;
    }
  }
  return out;
}

/** JS and PCRE agree on the common syntax; flags beyond i, m, s are refused in both adapters. */
function checkedRegExp(source: string, rawFlags: string): RegExp {
  const flags = rawFlags.replace(/[gy]/g, '');
  if (!REGEX_FLAGS.test(flags)) throw invalid(INVALID_FILTER, `regex options "${flags}" are not supported; use i, m or s`);
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw invalid(INVALID_FILTER, `invalid regex /${source}/: ${(error as Error).message}`);
  }
}

/** Filter values as the documents hold them: dates as ISO strings, nested values as their JSON round trip. */
function jsonValue(value: unknown, where: string, regexAllowed: boolean): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof RegExp) {
    if (!regexAllowed) throw invalid(INVALID_FILTER, `${where} is a RegExp; use $regex`);
    return checkedRegExp(value.source, value.flags);
  }
  if (value === undefined) throw invalid(INVALID_FILTER, `${where} is undefined; leave the condition out instead`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw invalid(INVALID_FILTER, `${where} is not a finite number`);
  if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw invalid(INVALID_FILTER, `${where} is not a JSON value`);
  if (typeof value === 'object' && value !== null) return JSON.parse(JSON.stringify(value));
  return value;
}
