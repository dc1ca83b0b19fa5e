import type { EventStore, MirrorSource, Seal, SealLeaf, SealStore, SealWrite } from '@pmt/event-store';
import { newId, type StoredEvent } from '@pmt/kernel';

const SEAL_MADE = 'SealMade';
const MIRROR_SOURCE_RECORDED = 'MirrorSourceRecorded';

/**
 * The seal store of the production profile: seals as events of one stream of their own (`seals-<service>`) in
 * the event store, outside every category the service reads back from $all, so that its projections, relay
 * and sealer never see them. Kept in memory once read (one service instance writes it); a conflict means
 * another writer, and reloads before it is thrown.
 */
export class EventStoreSealStore implements SealStore {
  private loaded?: Promise<void>;
  /** Appends one at a time: the inbox's consumers record mirror sources concurrently, and the sealer saves meanwhile. */
  private writes: Promise<unknown> = Promise.resolve();
  private version = 0;
  private lastCheckpoint = 0;
  private readonly seals = new Map<string, { seal: Seal; leaves: SealLeaf[] }>();
  private readonly sealed = new Map<string, Array<{ version: number; hash: string }>>();
  private readonly leaves = new Map<string, Array<{ sealId: string; leafIndex: number; version: number }>>();
  private readonly mirrors = new Map<string, Map<number, MirrorSource>>();

  constructor(
    private readonly events: EventStore,
    private readonly streamId: string,
  ) {}

  async save(write: SealWrite): Promise<void> {
    await this.append(SEAL_MADE, write, write.seal.sealId, write.seal.sealedAt);
  }

  async checkpoint(): Promise<number> {
    await this.load();
    return this.lastCheckpoint;
  }

  async lastSealed(streamId: string): Promise<SealLeaf | null> {
    await this.load();
    const last = this.sealed.get(streamId)?.at(-1);
    return last ? { streamId, ...last } : null;
  }

  async sealedHashes(streamId: string, toVersion = Number.MAX_SAFE_INTEGER): Promise<Array<{ version: number; hash: string }>> {
    await this.load();
    return (this.sealed.get(streamId) ?? []).filter((h) => h.version <= toVersion);
  }

  async latestSealFor(streamId: string, maxVersion = Number.MAX_SAFE_INTEGER): Promise<{ seal: Seal; leaf: SealLeaf; leafIndex: number } | null> {
    await this.load();
    const candidates = (this.leaves.get(streamId) ?? []).filter((l) => l.version <= maxVersion);
    const best = candidates.at(-1);
    if (!best) return null;
    const { seal, leaves } = this.seals.get(best.sealId) as { seal: Seal; leaves: SealLeaf[] };
    return { seal, leaf: leaves[best.leafIndex], leafIndex: best.leafIndex };
  }

  async leavesOf(sealId: string): Promise<SealLeaf[]> {
    await this.load();
    return this.seals.get(sealId)?.leaves ?? [];
  }

  async recordMirrorSource(mirrorStreamId: string, version: number, source: MirrorSource): Promise<void> {
    await this.load();
    if (this.mirrors.get(mirrorStreamId)?.has(version)) return;
    await this.append(MIRROR_SOURCE_RECORDED, { streamId: mirrorStreamId, version, ...source }, newId(), new Date().toISOString());
  }

  async mirrorSources(mirrorStreamId: string): Promise<Array<MirrorSource & { version: number }>> {
    await this.load();
    return [...(this.mirrors.get(mirrorStreamId) ?? new Map<number, MirrorSource>()).entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([version, s]) => ({ version, ...s }));
  }

  async close(): Promise<void> {
    // the event store is the service's and closes with it
  }

  private append(type: string, data: unknown, causationId: string, occurredAt: string): Promise<void> {
    const run = this.writes.then(() => this.appendNow(type, data, causationId, occurredAt));
    this.writes = run.catch(() => undefined);
    return run;
  }

  private async appendNow(type: string, data: unknown, causationId: string, occurredAt: string): Promise<void> {
    await this.load();
    if (type === MIRROR_SOURCE_RECORDED) {
      const { streamId, version } = data as { streamId: string; version: number };
      if (this.mirrors.get(streamId)?.has(version)) return;
    }
    const event = { id: newId(), type, schemaVersion: 1, data, actor: 'system:seals', correlationId: causationId, causationId, occurredAt };
    try {
      await this.events.append({ streamId: this.streamId, expectedVersion: this.version, events: [event] });
    } catch (e) {
      this.loaded = undefined;
      throw e;
    }
    this.apply({ ...event, streamId: this.streamId, streamVersion: this.version + 1, globalPosition: 0, recordedAt: occurredAt, hash: '' });
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      this.version = 0;
      this.lastCheckpoint = 0;
      for (const m of [this.seals, this.sealed, this.leaves, this.mirrors]) m.clear();
      for (const e of await this.events.readStream(this.streamId)) this.apply(e);
    })();
    return this.loaded;
  }

  private apply(e: StoredEvent): void {
    this.version = e.streamVersion;
    if (e.type === SEAL_MADE) {
      const w = e.data as SealWrite;
      this.seals.set(w.seal.sealId, { seal: w.seal, leaves: w.leaves });
      w.leaves.forEach((l, leafIndex) => push(this.leaves, l.streamId, { sealId: w.seal.sealId, leafIndex, version: l.version }));
      for (const h of w.sealedHashes) {
        // a version keeps the hash it had when first sealed
        const known = this.sealed.get(h.streamId)?.at(-1);
        if (!known || h.version > known.version) push(this.sealed, h.streamId, { version: h.version, hash: h.hash });
      }
      this.lastCheckpoint = Math.max(this.lastCheckpoint, w.checkpoint);
    } else if (e.type === MIRROR_SOURCE_RECORDED) {
      const { streamId, version, hash, recordedAt, causationId } = e.data as MirrorSource & { streamId: string; version: number };
      const known = this.mirrors.get(streamId) ?? new Map<number, MirrorSource>();
      if (!known.has(version)) known.set(version, { hash, recordedAt, causationId });
      this.mirrors.set(streamId, known);
    }
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
