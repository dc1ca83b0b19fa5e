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
 * The documents a projection sees while it applies one batch: reads see the batch's own writes,
 * writes are collected and committed with the checkpoint in one go.
 */
export class ProjectionView {
  private readonly pending = new Map<string, Doc | null>();
  private readonly changes: Change[] = [];

  constructor(private readonly store: ReadModelStore) {}

  async get<T extends Doc>(collection: string, id: string): Promise<T | null> {
    const key = `${collection}\u0000${id}`;
    if (this.pending.has(key)) return this.pending.get(key) as T | null;
    const doc = await this.store.get<T>(collection, id);
    this.pending.set(key, doc);
    return doc;
  }

  put(collection: string, doc: Doc): void {
    this.pending.set(`${collection}\u0000${doc.id}`, doc);
    this.changes.push({ op: 'put', collection, doc });
  }

  delete(collection: string, id: string): void {
    this.pending.set(`${collection}\u0000${id}`, null);
    this.changes.push({ op: 'delete', collection, id });
  }

  /** The last write per document only: a batch that touches one MOU 500 times writes it once. */
  drain(): Change[] {
    const last = new Map<string, Change>();
    for (const c of this.changes) last.set(`${c.collection}\u0000${c.op === 'put' ? c.doc.id : c.id}`, c);
    this.changes.length = 0;
    return [...last.values()];
  }
}
