import type { StoredEvent } from '@pmt/kernel';
import type { Change, Doc, ReadModelStore } from '@pmt/read-model';

/** A read model built from the service's own events. `apply` must be deterministic and idempotent per event. */
export interface Projection {
  name: string;
  /** Collections this projection alone writes; dropped on rebuild. */
  collections: string[];
  apply(event: StoredEvent, view: ProjectionView): Promise<void> | void;
}

/**
 * The documents a projection sees while it applies one batch (or, in a rebuild, the events since the last
 * commit): reads see the batch's own writes, writes are collected and committed with the checkpoint in one go.
 */
export class ProjectionView {
  /** By collection, then id: every document read or written, as the batch sees it (null: absent or deleted). */
  private pending = new Map<string, Map<string, Doc | null>>();
  /** What `pending` held when the view was last retired: the documents of a commit that may not be in the store yet. */
  private retired = new Map<string, Map<string, Doc | null>>();
  /** By collection, then id: the last write of each document, in the order documents were first written. */
  private readonly changes = new Map<string, Map<string, Change>>();
  private documents = 0;
  /** For collections that started empty: the ids this view has drained, the only ones the store can hold. */
  private readonly drained = new Map<string, Set<string>>();

  /**
   * `emptyCollections`: collections the store holds nothing of but what this view drains (a rebuild's,
   * after their reset); reading a document of one that was never drained then needs no trip to the store.
   */
  constructor(
    private readonly store: ReadModelStore,
    emptyCollections: Iterable<string> = [],
  ) {
    for (const c of emptyCollections) this.drained.set(c, new Set());
  }

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const known = this.peek<T>(collection, id);
    if (known !== undefined) return known;
    const doc = await this.store.get<T>(collection, id);
    this.remember(collection, id, doc);
    return doc;
  }

  /** The document as `get` would answer it when that needs no trip to the store; undefined when it does. */
  peek<T extends Doc>(collection: string, id: string): T | null | undefined {
    const seen = this.pending.get(collection)?.get(id);
    if (seen !== undefined) return seen as T | null;
    const sent = this.retired.get(collection)?.get(id);
    if (sent !== undefined) {
      this.remember(collection, id, sent);
      return sent as T | null;
    }
    const drained = this.drained.get(collection);
    if (!drained || drained.has(id)) return undefined;
    this.remember(collection, id, null);
    return null;
  }

  put(collection: string, doc: Doc): void {
    this.remember(collection, doc.id, doc);
    this.record(collection, doc.id, { op: 'put', collection, doc });
  }

  delete(collection: string, id: string): void {
    this.remember(collection, id, null);
    this.record(collection, id, { op: 'delete', collection, id });
  }

  /** Documents the view holds (read or written); a rebuild commits once this passes its cap. */
  get size(): number {
    return this.documents;
  }

  /** The last write per document only: a batch that touches one MOU 500 times writes it once. */
  drain(): Change[] {
    const out: Change[] = [];
    for (const [collection, byId] of this.changes) {
      const drained = this.drained.get(collection);
      for (const [id, change] of byId) {
        out.push(change);
        drained?.add(id);
      }
    }
    this.changes.clear();
    return out;
  }

  /**
   * Starts afresh while the commit of what was drained is still under way: until the next retire, reads
   * still see the documents this view held (the store may not hold them yet), without counting them in `size`.
   */
  retire(): void {
    this.retired = this.pending;
    this.pending = new Map();
    this.changes.clear();
    this.documents = 0;
  }

  // Maps by collection then id rather than one map by a joined key: no key string to build per event.
  private remember(collection: string, id: string, doc: Doc | null): void {
    let byId = this.pending.get(collection);
    if (!byId) this.pending.set(collection, (byId = new Map()));
    const size = byId.size;
    byId.set(id, doc);
    this.documents += byId.size - size;
  }

  private record(collection: string, id: string, change: Change): void {
    let byId = this.changes.get(collection);
    if (!byId) this.changes.set(collection, (byId = new Map()));
    byId.set(id, change);
  }
}
