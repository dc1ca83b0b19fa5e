import type { KeyObject } from 'node:crypto';
import type { Seal, SealStore } from '@pmt/event-store';
import { verifyChain, type StoredEvent } from '@pmt/kernel';
import { firstMirrorMismatch } from './mirror-check';
import { merkleProof, merkleRoot, type MerkleProof } from './merkle';
import { sealSignatureHolds } from './seal-signing';
import { ATTESTATION_CLOCK_SKEW_MS, signAttestation, type ExportAttestation } from './export-attestation';

/** Why a history does not verify; null when it does. */
export type VerifyCause = 'chain' | 'deleted-tail' | 'sealed-hash' | 'seal-signature' | 'seal-root' | 'seal-leaf' | 'mirror-source' | null;

export interface SealedVerification {
  valid: boolean;
  events: number;
  firstInvalidVersion: number | null;
  /** The version of this stream the latest seal covers; null when never sealed. */
  sealedVersion: number | null;
  sealedAt: string | null;
  cause: VerifyCause;
}

/** What an offline verifier needs besides the events (docs/history-and-audit.md, "Export file"). */
export interface SealEvidence {
  seal: Seal | null;
  proof: (MerkleProof & { leaf: { streamId: string; version: number; hash: string } }) | null;
  publicKeyId: string;
  publicKey: string;
}

/** A service's seals as its histories read them: the seal store and the public key that vouches for it. */
export class StreamSeals {
  constructor(
    readonly store: SealStore,
    private readonly publicKey: KeyObject,
    readonly publicKeyId: string,
    readonly publicKeyPem: string,
    /** The private key, in the service that seals; without it exports carry no attestation. */
    private readonly privateKey?: KeyObject,
  ) {}

  /**
   * The service's signature over an export's header, last version and its hash, and its chain check: only what
   * the service read from its own store (`headHash`, `verification`), and an `exportedAt` near its own clock.
   */
  attest(fields: Omit<ExportAttestation, 'signature' | 'format' | 'keyId'>, now: Date): ExportAttestation | undefined {
    if (!this.privateKey) return undefined;
    if (Math.abs(Date.parse(fields.exportedAt) - now.getTime()) > ATTESTATION_CLOCK_SKEW_MS) return undefined;
    return signAttestation({ ...fields, keyId: this.publicKeyId }, this.privateKey);
  }

  /**
   * The hash chain of a whole stream (versions ascending, from 1) checked against its seals. The first
   * version that fails names the defect:
   * - a broken link or hash (`chain`);
   * - a stream shorter than its sealed version (`deleted-tail`: the first missing version);
   * - a version whose hash differs from the one recorded when it was sealed (`sealed-hash`: a rewrite
   *   with the chain recomputed after it);
   * - a mirror copy that no longer hashes to its source event's hash (`mirror-source`);
   * - the latest seal itself fails (signature, root, or its signed leaf disagrees with the recorded hashes or
   *   the stream): no version can be vouched for, so 1.
   */
  async verify(streamId: string, events: readonly StoredEvent[]): Promise<SealedVerification> {
    const chain = verifyChain(events);
    const found: Array<[number, VerifyCause]> = [];
    if (chain.firstInvalidVersion !== null) found.push([chain.firstInvalidVersion, 'chain']);
    // A mirror of another service's stream: its copies must still hash, in the source's chain, to the source's hashes.
    const mirrored = firstMirrorMismatch(events, await this.store.mirrorSources(streamId));
    if (mirrored !== null) found.push([mirrored, 'mirror-source']);
    const latest = await this.store.latestSealFor(streamId);
    if (latest) {
      const sealed = await this.store.sealedHashes(streamId);
      const sealedVersion = latest.leaf.version;
      if (events.length < sealedVersion) found.push([events.length + 1, 'deleted-tail']);
      // by version, not by position: a stream missing a middle event must not shift the comparison
      const current = new Map(events.map((e) => [e.streamVersion, e.hash]));
      const differs = sealed.find((s) => current.has(s.version) && current.get(s.version) !== s.hash);
      if (differs) found.push([differs.version, 'sealed-hash']);
      const sealProblem = await this.sealProblem(latest.seal, latest.leafIndex, latest.leaf, sealed);
      if (sealProblem) found.push([1, sealProblem]);
    }
    found.sort((a, b) => a[0] - b[0]);
    return {
      valid: found.length === 0,
      events: events.length,
      firstInvalidVersion: found[0]?.[0] ?? null,
      sealedVersion: latest?.leaf.version ?? null,
      sealedAt: latest?.seal.sealedAt ?? null,
      cause: found[0]?.[1] ?? null,
    };
  }

  /** The latest seal covering the stream at or below `toVersion`, with the Merkle proof of its leaf. */
  async evidence(streamId: string, toVersion: number): Promise<SealEvidence> {
    const latest = await this.store.latestSealFor(streamId, toVersion);
    const base = { publicKeyId: this.publicKeyId, publicKey: this.publicKeyPem };
    if (!latest) return { seal: null, proof: null, ...base };
    const leaves = await this.store.leavesOf(latest.seal.sealId);
    return { seal: latest.seal, proof: { leaf: latest.leaf, ...merkleProof(leaves, latest.leafIndex) }, ...base };
  }

  private async sealProblem(
    seal: Seal,
    leafIndex: number,
    leaf: { version: number; hash: string },
    sealed: Array<{ version: number; hash: string }>,
  ): Promise<VerifyCause> {
    if (seal.keyId !== this.publicKeyId || !sealSignatureHolds(seal, this.publicKey)) return 'seal-signature';
    const leaves = await this.store.leavesOf(seal.sealId);
    if (leaves.length !== seal.leafCount || merkleRoot(leaves) !== seal.root) return 'seal-root';
    const recorded = sealed.find((s) => s.version === leaf.version);
    const atLeaf = leaves[leafIndex];
    if (!recorded || recorded.hash !== leaf.hash || atLeaf?.hash !== leaf.hash) return 'seal-leaf';
    return null;
  }
}
