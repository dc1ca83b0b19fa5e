import type { Filter, Sort } from '@pmt/read-model';

/** As the embedded store (MAX_INDEXED_PATHS there): MongoDB allows 64 indexes a collection; keep well below. */
export const MAX_INDEXED_PATHS = 32;

/**
 * The paths worth an index for a query: those every match must meet a condition on (top level and `$and`; an `$or`
 * branch alone cannot narrow the query) and the sort's, as the embedded store indexes the paths its queries use.
 * `id` is MongoDB's `_id`, indexed already.
 */
export function indexablePaths(filter: Filter, sort: Sort | undefined): string[] {
  const paths = new Set<string>();
  const walk = (f: unknown) => {
    if (!f || typeof f !== 'object' || Array.isArray(f)) return;
    for (const [key, value] of Object.entries(f as Record<string, unknown>)) {
      if (key === '$and' && Array.isArray(value)) value.forEach(walk);
      else if (!key.startsWith('$')) paths.add(key);
    }
  };
  walk(filter);
  for (const key of Object.keys(sort ?? {})) paths.add(key);
  paths.delete('id');
  paths.delete('_id');
  return [...paths];
}

/**
 * Remembers, per collection, the indexes this process has asked for, so each path costs one createIndex (which
 * MongoDB answers at once when the index exists), the first time a query filters or sorts on it.
 */
export class IndexPlanner {
  private readonly asked = new Map<string, Set<string>>();

  /** The paths of this query still to index, claimed so that concurrent queries ask once. */
  claim(collection: string, filter: Filter, sort: Sort | undefined): string[] {
    let known = this.asked.get(collection);
    if (!known) this.asked.set(collection, (known = new Set()));
    const fresh: string[] = [];
    for (const path of indexablePaths(filter, sort)) {
      if (known.has(path) || known.size >= MAX_INDEXED_PATHS) continue;
      known.add(path);
      fresh.push(path);
    }
    return fresh;
  }

  /** A failed createIndex is asked again by a later query. */
  release(collection: string, path: string): void {
    this.asked.get(collection)?.delete(path);
  }
}
