/** A document in a read model; `id` is its key (Mongo's _id). */
export interface Doc {
  id: string;
  [field: string]: unknown;
}

/**
 * Mongo query semantics, the subset every adapter implements exactly:
 * field equality (dot paths reach into nested objects and match any element of an array, as in Mongo),
 * $eq $ne $gt $gte $lt $lte $in $nin $exists, $regex with $options 'i', $and $or.
 * Comparisons of strings are by code unit (ISO dates compare as dates).
 */
export type Filter = Record<string, unknown>;

export type Sort = Record<string, 1 | -1>;

export interface FindOptions {
  /** Default { id: 1 }; `id` is always added as the last tie-breaker. */
  sort?: Sort;
  /** Default 50. */
  limit?: number;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export type Change = { op: 'put'; collection: string; doc: Doc } | { op: 'delete'; collection: string; id: string };

/**
 * Port for read models. Changes and a projection's checkpoint are written in one atomic commit,
 * so a crash never leaves documents ahead of or behind their checkpoint.
 */
export interface ReadModelStore {
  get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null>;
  find<T extends Doc = Doc>(collection: string, filter: Filter, options?: FindOptions): Promise<Page<T>>;
  count(collection: string, filter: Filter): Promise<number>;
  /**
   * Applies the changes in order and sets the checkpoint, all or nothing. Takes what it writes from `changes` before
   * it returns (the caller may change those documents afterwards; a rebuild folds on while its commit is under way).
   */
  commit(projection: string, checkpoint: number, changes: Change[]): Promise<void>;
  /** 0 when the projection has never committed. */
  checkpoint(projection: string): Promise<number>;
  /** Deletes every document of the collections and the projection's checkpoint, atomically. */
  reset(projection: string, collections: string[]): Promise<void>;
  close(): Promise<void>;
}

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
