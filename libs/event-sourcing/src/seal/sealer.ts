import type { EventStore, Seal, SealLeaf, SealStore } from '@pmt/event-store';
import { chainHash, GENESIS_HASH, newId } from '@pmt/kernel';
import { merkleRoot, sortLeaves } from './merkle';
import type { SealKey } from './seal-keys';
import { signSeal } from './seal-signing';

export interface SealOutcome {
  /** The new seal, or null when no stream's head had moved since the last one. */
  seal: Seal | null;
  /** Streams whose new events do not chain onto their sealed version: left unsealed (and logged). */
  refused: Array<{ streamId: string; version: number }>;
}

export interface SealerOptions {
  service: string;
  events: EventStore;
  seals: SealStore;
  key: SealKey;
  now?: () => Date;
  /** Events read from the store per batch while finding moved heads; default 1000. */
  batchSize?: number;
}

/**
 * Seals the heads of the streams that moved since the last seal: reads the log after the last seal's
 * checkpoint, and for each stream that moved checks that its new events chain onto its last sealed hash
 * (a stream rewritten under a seal is refused, never re-sealed), records every new version's hash, and signs
 * a Merkle root over the new heads. Idle means one read of an empty batch. Calls are serialised.
 */
export class Sealer {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SealerOptions) {}

  seal(): Promise<SealOutcome> {
    const run = this.queue.then(() => this.sealOnce());
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async sealOnce(): Promise<SealOutcome> {
    const { events, seals } = this.options;
    const start = await seals.checkpoint();
    const moved = new Set<string>();
    let checkpoint = start;
    for (;;) {
      const batch = await events.readAll({ after: checkpoint, limit: this.options.batchSize ?? 1000 });
      if (batch.length === 0) break;
      for (const e of batch) moved.add(e.streamId);
      checkpoint = batch[batch.length - 1].globalPosition;
    }
    if (moved.size === 0) return { seal: null, refused: [] };

    const leaves: SealLeaf[] = [];
    const sealedHashes: SealLeaf[] = [];
    const refused: SealOutcome['refused'] = [];
    for (const streamId of moved) {
      const last = await seals.lastSealed(streamId);
      const fresh = await events.readStream(streamId, { fromVersion: (last?.version ?? 0) + 1 });
      let previous = last?.hash ?? GENESIS_HASH;
      let expected = (last?.version ?? 0) + 1;
      const bad = fresh.find((e) => {
        const ok = e.streamVersion === expected && chainHash(previous, e) === e.hash;
        previous = e.hash;
        expected++;
        return !ok;
      });
      if (bad) {
        refused.push({ streamId, version: bad.streamVersion });
        continue;
      }
      if (fresh.length === 0) continue;
      for (const e of fresh) sealedHashes.push({ streamId, version: e.streamVersion, hash: e.hash });
      const head = fresh[fresh.length - 1];
      leaves.push({ streamId, version: head.streamVersion, hash: head.hash });
    }
    if (leaves.length === 0) {
      // Nothing sealable moved; keep the checkpoint so that an idle pass stays one empty read.
      return { seal: null, refused };
    }
    const sorted = sortLeaves(leaves);
    const seal = signSeal(
      {
        format: 'pmt.seal/1',
        service: this.options.service,
        sealId: newId(),
        sealedAt: (this.options.now?.() ?? new Date()).toISOString(),
        leafCount: sorted.length,
        root: merkleRoot(sorted),
        keyId: this.options.key.keyId,
      },
      this.options.key.privateKey,
    );
    await seals.save({ seal, leaves: sorted, sealedHashes, checkpoint });
    return { seal, refused };
  }
}
