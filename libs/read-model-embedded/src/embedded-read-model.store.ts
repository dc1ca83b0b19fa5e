import type BetterSqlite3 from 'better-sqlite3';
import { invalid } from '@pmt/kernel';
import type { Change, Doc, Filter, FindOptions, Page, ReadModelStore } from '@pmt/read-model';
import { filterSql, type Probe } from './filter-sql';
import { KeyPaths, NO_KEYS, type IndexedPath } from './keys';
import { PagePlan } from './page-sql';
import { Params } from './params';
import { ensureSchema, type Database } from './schema';
import { assertCheckpoint, assertCollection, assertProjection, checkChange, INVALID_CHANGE } from './validation';

const STATEMENT_CACHE_SIZE = 200;
/** Start from rm_keys_v2 when a probe finds fewer than this share of the collection; reading every document is cheaper beyond. */
const PROBE_SHARE = 0.3;
const PROBE_MIN = 64;
/** Paths indexed per collection at most: each one costs every write of the collection its keys. */
const MAX_INDEXED_PATHS = 32;
/** Documents read at a time while a new path's keys are built. */
const INDEX_PAGE = 1000;

/**
 * ReadModelStore in the service's own SQLite file (tables rm_docs, rm_checkpoints), sharing the
 * connection the event store uses. Filters and sorts run inside SQLite (see filter-sql.ts, page-sql.ts).
 *
 * The connection belongs to the caller: close() does not close it.
 */
export class EmbeddedReadModelStore implements ReadModelStore {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly getDoc: BetterSqlite3.Statement<[string, string], { doc: string }>;
  private readonly getCheckpoint: BetterSqlite3.Statement<[string], { position: number }>;
  private readonly getPathId: BetterSqlite3.Statement<[string, string], { pathId: number }>;
  private readonly applyAll: (projection: string, checkpoint: number, changes: Change[]) => void;
  private readonly resetAll: (projection: string, collections: string[]) => void;
  private readonly indexPath: (collection: string, path: string) => number | null;
  private readonly countCollection: BetterSqlite3.Statement<[string], { n: number }>;
  /** Document counts for the probe threshold; only an estimate, so another connection's writes do no harm. */
  private readonly sizes = new Map<string, number>();
  private closed = false;

  constructor(private readonly db: Database) {
    ensureSchema(db);
    this.getDoc = db.prepare('SELECT json(doc) AS doc FROM rm_docs WHERE collection = ? AND id = ?');
    this.getCheckpoint = db.prepare('SELECT position FROM rm_checkpoints WHERE projection = ?');
    this.getPathId = db.prepare('SELECT path_id AS pathId FROM rm_paths WHERE collection = ? AND path = ?');
    const putDoc = db.prepare(
      'INSERT INTO rm_docs (collection, id, doc) VALUES (?, ?, jsonb(?)) ON CONFLICT (collection, id) DO UPDATE SET doc = excluded.doc',
    );
    const deleteDoc = db.prepare('DELETE FROM rm_docs WHERE collection = ? AND id = ?');
    const deleteCollection = db.prepare('DELETE FROM rm_docs WHERE collection = ?');
    const setCheckpoint = db.prepare(
      'INSERT INTO rm_checkpoints (projection, position) VALUES (?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position',
    );
    const deleteCheckpoint = db.prepare('DELETE FROM rm_checkpoints WHERE projection = ?');
    const pathsOf = db.prepare<[string], IndexedPath>('SELECT path_id AS pathId, path FROM rm_paths WHERE collection = ?');
    const addPath = db.prepare<[string, string], { pathId: number }>(
      'INSERT INTO rm_paths (collection, path) VALUES (?, ?) ON CONFLICT (collection, path) DO NOTHING RETURNING path_id AS pathId',
    );
    const countPaths = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM rm_paths WHERE collection = ?');
    const docPage = db.prepare<[string, string], { id: string; doc: string }>(
      `SELECT id, json(doc) AS doc FROM rm_docs WHERE collection = ? AND id > ? ORDER BY id LIMIT ${INDEX_PAGE}`,
    );
    const insertKey = db.prepare('INSERT OR IGNORE INTO rm_keys_v2 (path_id, value, id) VALUES (?, ?, ?)');
    const deleteKey = db.prepare('DELETE FROM rm_keys_v2 WHERE path_id = ? AND value = ? AND id = ?');
    const deleteCollectionKeys = db.prepare('DELETE FROM rm_keys_v2 WHERE path_id IN (SELECT path_id FROM rm_paths WHERE collection = ?)');
    this.countCollection = db.prepare('SELECT count(*) AS n FROM rm_docs WHERE collection = ?');

    // One transaction each: a change that fails its checks throws and rolls back everything before it.
    this.applyAll = db.transaction((projection: string, checkpoint: number, changes: Change[]) => {
      // Read inside the transaction, so a path another connection has just indexed is kept up too.
      const indexed = new Map<string, KeyPaths>();
      for (const change of changes) {
        const checked = checkChange(change);
        const { collection, id } = checked;
        let paths = indexed.get(collection);
        if (!paths) indexed.set(collection, (paths = new KeyPaths(pathsOf.all(collection))));
        if (!paths.empty) {
          // Only the keys that changed are written: an update usually touches a few fields.
          const row = this.getDoc.get(collection, id);
          const before = row ? paths.keysOf(JSON.parse(row.doc)) : NO_KEYS;
          const after = change.op === 'put' ? paths.keysOf(change.doc) : NO_KEYS;
          for (const [mark, [pathId, value]] of before) if (!after.has(mark)) deleteKey.run(pathId, value, id);
          for (const [mark, [pathId, value]] of after) if (!before.has(mark)) insertKey.run(pathId, value, id);
        }
        if (checked.op === 'delete') deleteDoc.run(collection, id);
        else putDoc.run(collection, id, checked.json);
        this.sizes.delete(collection);
      }
      setCheckpoint.run(projection, checkpoint);
    });
    this.resetAll = db.transaction((projection: string, collections: string[]) => {
      for (const collection of collections) {
        deleteCollection.run(collection);
        deleteCollectionKeys.run(collection);
        this.sizes.delete(collection);
      }
      deleteCheckpoint.run(projection);
    });
    // The path and its keys for every document are written together: a path in rm_paths is always complete.
    this.indexPath = db.transaction((collection: string, path: string): number | null => {
      if ((countPaths.get(collection)?.n ?? 0) >= MAX_INDEXED_PATHS) return null;
      const added = addPath.get(collection, path);
      // Another connection indexed it since we looked: its keys came with it.
      if (!added) return this.getPathId.get(collection, path)?.pathId ?? null;
      const paths = new KeyPaths([{ pathId: added.pathId, path }]);
      // Page by id: better-sqlite3 cannot write while a statement iterates.
      for (let after = '', page = docPage.all(collection, after); page.length > 0; page = docPage.all(collection, after)) {
        for (const row of page) for (const [pathId, value] of paths.keysOf(JSON.parse(row.doc)).values()) insertKey.run(pathId, value, row.id);
        after = page[page.length - 1].id;
      }
      return added.pathId;
    });
  }

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    this.assertOpen();
    assertCollection(collection);
    const row = this.getDoc.get(collection, id);
    return row ? (JSON.parse(row.doc) as T) : null;
  }

  async find<T extends Doc = Doc>(collection: string, filter: Filter, options: FindOptions = {}): Promise<Page<T>> {
    this.assertOpen();
    assertCollection(collection);
    const plan = new PagePlan(options);
    const params = new Params();
    const probes: Probe[] = [];
    const where = filterSql(filter, params, probes);
    const after = plan.after(options.cursor, params);
    const from = this.source(collection, probes, params);
    // Sort keys first, documents after: only the page's rows are turned back into JSON text.
    const keys = `SELECT d.id AS id${plan.columns()} FROM ${from} WHERE d.collection = @collection AND ${where} AND ${after} ORDER BY ${plan.orderBy()} LIMIT @limit`;
    const sql = `SELECT p.*, json(d.doc) AS doc FROM (${keys}) p JOIN rm_docs d ON d.collection = @collection AND d.id = p.id ORDER BY ${plan.orderBy('p.')}`;
    const rows = this.statement(sql).all({ ...params.values, collection, limit: plan.limit + 1 }) as Record<string, unknown>[];
    const more = rows.length > plan.limit;
    const page = more ? rows.slice(0, plan.limit) : rows;
    return {
      items: page.map((row) => JSON.parse(row.doc as string) as T),
      nextCursor: more ? plan.encode(page[page.length - 1]) : null,
    };
  }

  async count(collection: string, filter: Filter): Promise<number> {
    this.assertOpen();
    assertCollection(collection);
    const params = new Params();
    const probes: Probe[] = [];
    const where = filterSql(filter, params, probes);
    const from = this.source(collection, probes, params);
    const row = this.statement(`SELECT count(*) AS n FROM ${from} WHERE d.collection = @collection AND ${where}`).get({ ...params.values, collection }) as {
      n: number;
    };
    return row.n;
  }

  async commit(projection: string, checkpoint: number, changes: Change[]): Promise<void> {
    this.assertOpen();
    assertProjection(projection);
    assertCheckpoint(checkpoint);
    if (!Array.isArray(changes)) throw invalid(INVALID_CHANGE, 'changes must be an array');
    this.applyAll(projection, checkpoint, changes);
  }

  async checkpoint(projection: string): Promise<number> {
    this.assertOpen();
    return this.getCheckpoint.get(projection)?.position ?? 0;
  }

  async reset(projection: string, collections: string[]): Promise<void> {
    this.assertOpen();
    assertProjection(projection);
    collections.forEach((c) => assertCollection(c));
    this.resetAll(projection, collections);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.statements.clear();
  }

  /**
   * Where the candidate rows come from: every document of the collection, or, when a probe is selective
   * enough, the documents it finds in rm_keys_v2 (CROSS JOIN keeps SQLite from reordering the loop). The
   * filter is applied in full either way; a probe only narrows what it has to read.
   */
  private source(collection: string, probes: Probe[], params: Params): string {
    if (probes.length === 0) return 'rm_docs d';
    let size = this.sizes.get(collection);
    if (size === undefined) {
      size = this.countCollection.get(collection)?.n ?? 0;
      this.sizes.set(collection, size);
    }
    const cap = Math.max(PROBE_MIN, Math.floor(size * PROBE_SHARE));
    let best: { from: string; n: number } | null = null;
    for (const probe of probes) {
      const pathId = this.indexedPath(collection, probe.path);
      if (pathId === null) continue;
      const keys = `rm_keys_v2 k WHERE k.path_id = ${pathId} AND ${probe.sql}`;
      const { n } = this.statement(`SELECT count(*) AS n FROM (SELECT 1 FROM ${keys} LIMIT @cap)`).get({ ...params.values, cap }) as { n: number };
      if (n < cap && (!best || n < best.n)) best = { from: keys, n };
    }
    if (!best) return 'rm_docs d';
    return `(SELECT DISTINCT k.id FROM ${best.from}) AS c CROSS JOIN rm_docs d ON d.collection = @collection AND d.id = c.id`;
  }

  /**
   * The number of a path's keys, indexing it first when no query has used it yet: its keys for every
   * document of the collection are built then, once, in one transaction. Null when the collection has
   * MAX_INDEXED_PATHS already, or when the file cannot be written now (the query then reads every document).
   */
  private indexedPath(collection: string, path: string): number | null {
    const row = this.getPathId.get(collection, path);
    if (row) return row.pathId;
    try {
      return this.indexPath(collection, path);
    } catch (error) {
      if (error instanceof Error && 'code' in error && /^SQLITE_(BUSY|LOCKED|READONLY)/.test(String(error.code))) return null;
      throw error;
    }
  }

  /** Statements are cached by text: filters of one shape share one, whatever their values. */
  private statement(sql: string): BetterSqlite3.Statement {
    let statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value as string);
    }
    this.statements.set(sql, statement);
    return statement;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('EmbeddedReadModelStore is closed');
  }
}
