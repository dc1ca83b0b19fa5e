import mongoose from 'mongoose';
import { CodedError, invalid } from '@pmt/kernel';
import type { Change, Doc, Filter, FindOptions, Page, ReadModelStore } from '@pmt/read-model';
import { toMongoFilter } from './mongo-filter';
import { IndexPlanner } from './mongo-indexes';
import { MongoPagePlan } from './mongo-page';
import { assertCheckpoint, assertCollection, assertProjection, CHECKPOINTS, checkChange, INVALID_CHANGE, type CheckedChange } from './validation';

type Db = mongoose.mongo.Db;
type Session = mongoose.mongo.ClientSession;
type Stored = { _id: string } & Record<string, unknown>;
type Checkpoint = { _id: string; position: number };

export interface MongooseReadModelStoreOptions {
  /** Close the connection in close(); true when the store opened it (connect()). */
  ownsConnection?: boolean;
}

/**
 * ReadModelStore on MongoDB through a mongoose connection. A read-model collection is a Mongo
 * collection of the same name; a document is stored with `_id = id` and its other fields at the top
 * level, so the port's filters run as native queries (and can use ordinary Mongo indexes). Checkpoints
 * live in `_checkpoints` ({ _id: projection, position }).
 *
 * It goes through the connection's native collections, not mongoose models: a schema would cast filters
 * and documents, and these documents have no schema (what `strict: false` would allow, without casting).
 *
 * commit and reset run in a transaction, and MongoDB only has transactions on a replica set or a sharded
 * cluster: a standalone mongod rejects them (a single-node replica set is enough, as the testcontainers
 * image and `mongod --replSet rs0` give).
 */
export class MongooseReadModelStore implements ReadModelStore {
  private closed = false;
  private readonly indexes = new IndexPlanner();

  constructor(
    private readonly connection: mongoose.Connection,
    private readonly options: MongooseReadModelStoreOptions = {},
  ) {}

  /** Opens a connection of its own (closed again by close()). */
  static async connect(url: string, options?: mongoose.ConnectOptions): Promise<MongooseReadModelStore> {
    const connection = await mongoose.createConnection(url, options).asPromise();
    return new MongooseReadModelStore(connection, { ownsConnection: true });
  }

  async get<T extends Doc = Doc>(collection: string, id: string): Promise<T | null> {
    assertCollection(collection);
    const db = await this.db();
    const stored = await db.collection<Stored>(collection).findOne({ _id: id });
    return stored ? toDoc<T>(stored) : null;
  }

  async find<T extends Doc = Doc>(collection: string, filter: Filter, options: FindOptions = {}): Promise<Page<T>> {
    assertCollection(collection);
    const plan = new MongoPagePlan(options);
    const base = toMongoFilter(filter);
    const after = plan.after(options.cursor);
    const query = after ? { $and: [base, after] } : base;
    const db = await this.db();
    await this.ensureIndexes(db, collection, filter, options.sort);
    const rows = await db
      .collection<Stored>(collection)
      .find(query as mongoose.mongo.Filter<Stored>, { sort: plan.sort(), limit: plan.limit + 1 })
      .toArray();
    const more = rows.length > plan.limit;
    const items = (more ? rows.slice(0, plan.limit) : rows).map((row) => toDoc<T>(row));
    return { items, nextCursor: more ? plan.encode(items[items.length - 1]) : null };
  }

  async count(collection: string, filter: Filter): Promise<number> {
    assertCollection(collection);
    const query = toMongoFilter(filter);
    const db = await this.db();
    await this.ensureIndexes(db, collection, filter, undefined);
    return db.collection<Stored>(collection).countDocuments(query as mongoose.mongo.Filter<Stored>);
  }

  async commit(projection: string, checkpoint: number, changes: Change[]): Promise<void> {
    assertProjection(projection);
    assertCheckpoint(checkpoint);
    if (!Array.isArray(changes)) throw invalid(INVALID_CHANGE, 'changes must be an array');
    // Checked before the transaction starts: an invalid change must not cost a round trip, and nothing
    // is written unless every change is valid.
    const checked = changes.map(checkChange);
    const db = await this.db();
    await this.transaction(async (session) => {
      for (const run of runsByCollection(checked)) {
        await db.collection<Stored>(run.collection).bulkWrite(run.changes.map(toWrite), { session, ordered: true });
      }
      await db.collection<Checkpoint>(CHECKPOINTS).updateOne({ _id: projection }, { $set: { position: checkpoint } }, { session, upsert: true });
    });
  }

  async checkpoint(projection: string): Promise<number> {
    const db = await this.db();
    const row = await db.collection<Checkpoint>(CHECKPOINTS).findOne({ _id: projection });
    return row?.position ?? 0;
  }

  async reset(projection: string, collections: string[]): Promise<void> {
    assertProjection(projection);
    collections.forEach((c) => assertCollection(c));
    const db = await this.db();
    await this.transaction(async (session) => {
      for (const collection of collections) await db.collection(collection).deleteMany({}, { session });
      await db.collection<Checkpoint>(CHECKPOINTS).deleteOne({ _id: projection }, { session });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.options.ownsConnection) await this.connection.close();
  }

  private async db(): Promise<Db> {
    if (this.closed) throw new Error('MongooseReadModelStore is closed');
    if (!this.connection.db) await this.connection.asPromise();
    const db = this.connection.db;
    if (!db) throw new CodedError('READ_MODEL.UNAVAILABLE', 'unavailable', 'the MongoDB connection is not open');
    return db;
  }

  /**
   * An ascending index on each path a query filters or sorts on, made the first time one does (the embedded store
   * keys its paths the same way), so the projections' queries never scan a collection. A failure leaves the query
   * to run without it and the index to be asked for again.
   */
  private async ensureIndexes(db: Db, collection: string, filter: Filter, sort: FindOptions['sort']): Promise<void> {
    for (const path of this.indexes.claim(collection, filter, sort)) {
      await db
        .collection(collection)
        .createIndex({ [path]: 1 }, { name: `pmt_${path}`.slice(0, 120) })
        .catch(() => this.indexes.release(collection, path));
    }
  }

  /** withTransaction retries on transient errors, so the work must be repeatable; ours is (upserts, deletes). */
  private async transaction(work: (session: Session) => Promise<void>): Promise<void> {
    const session = this.connection.getClient().startSession();
    try {
      await session.withTransaction(() => work(session));
    } catch (error) {
      if (isNoTransactions(error)) {
        throw new CodedError(
          'READ_MODEL.NO_TRANSACTIONS',
          'internal',
          'MongoDB refused a transaction: the read model needs a replica set (a single node started with --replSet is enough)',
        );
      }
      throw error;
    } finally {
      await session.endSession();
    }
  }
}

function toDoc<T extends Doc>(stored: Stored): T {
  const { _id, ...fields } = stored;
  return { id: _id, ...fields } as T;
}

function toWrite(change: CheckedChange): mongoose.mongo.AnyBulkWriteOperation<Stored> {
  return change.op === 'put'
    ? { replaceOne: { filter: { _id: change.id }, replacement: storedFields(change.json), upsert: true } }
    : { deleteOne: { filter: { _id: change.id } } };
}

/** The document's fields without `id`, which MongoDB keeps as `_id`. */
function storedFields(json: string): Record<string, unknown> {
  const { id: _id, ...fields } = JSON.parse(json) as Record<string, unknown>;
  return fields;
}

/** Consecutive changes to one collection share a bulkWrite; order within and across runs is kept. */
function runsByCollection(changes: CheckedChange[]): { collection: string; changes: CheckedChange[] }[] {
  const runs: { collection: string; changes: CheckedChange[] }[] = [];
  for (const change of changes) {
    const last = runs[runs.length - 1];
    if (last && last.collection === change.collection) last.changes.push(change);
    else runs.push({ collection: change.collection, changes: [change] });
  }
  return runs;
}

/** "Transaction numbers are only allowed on a replica set member or mongos" (IllegalOperation, 20). */
function isNoTransactions(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === 20 && typeof e.message === 'string' && e.message.includes('Transaction numbers');
}
