/**
 * Where a service keeps its seals: signed Merkle roots over stream heads, kept apart from the events so that
 * whoever rewrites the events must also defeat a signature (docs/history-and-audit.md, "Seals").
 */

/** One leaf of a seal: a stream's head when it was sealed. */
export interface SealLeaf {
  streamId: string;
  version: number;
  /** The chain hash of that version (hex). */
  hash: string;
}

/** A seal as signed: the signature covers `sealMessage(seal)` (format, service, sealId, sealedAt, leafCount, root, keyId). */
export interface Seal {
  format: 'pmt.seal/1';
  service: string;
  /** Time-ordered UUID. */
  sealId: string;
  sealedAt: string;
  leafCount: number;
  /** Merkle root of the leaves sorted by stream id (hex). */
  root: string;
  /** sha256 of the public key's SPKI DER (hex). */
  keyId: string;
  /** Ed25519 signature of the message (base64). */
  signature: string;
}

export interface SealWrite {
  seal: Seal;
  /** Sorted by stream id, as in the tree. */
  leaves: SealLeaf[];
  /** Every version newly covered by this seal (those after each stream's previous seal), with its hash. */
  sealedHashes: SealLeaf[];
  /** The store's global position the seal has looked at; the next seal reads after it. */
  checkpoint: number;
}

export interface SealStore {
  /** Stores a seal, its leaves and the sealed hashes in one transaction. */
  save(write: SealWrite): Promise<void>;
  /** The global position the last seal looked at; 0 before the first. */
  checkpoint(): Promise<number>;
  /** The last sealed version of a stream and its hash, or null. */
  lastSealed(streamId: string): Promise<SealLeaf | null>;
  /** The hash of each sealed version of a stream, versions ascending (up to `toVersion` when given). */
  sealedHashes(streamId: string, toVersion?: number): Promise<Array<{ version: number; hash: string }>>;
  /** The latest seal with a leaf for this stream at or below `maxVersion` (any version when omitted), with that leaf. */
  latestSealFor(streamId: string, maxVersion?: number): Promise<{ seal: Seal; leaf: SealLeaf; leafIndex: number } | null>;
  /** All leaves of a seal, in tree order. */
  leavesOf(sealId: string): Promise<SealLeaf[]>;
  /**
   * Keeps, for a mirror event (`inbox-<category>-<id>` version n), the source event's facts that the copy lacks,
   * so that verify can recompute the source's chain from the copy. The first record of a version stays.
   */
  recordMirrorSource(mirrorStreamId: string, version: number, source: MirrorSource): Promise<void>;
  /** The recorded source facts of a mirror stream, versions ascending. */
  mirrorSources(mirrorStreamId: string): Promise<Array<MirrorSource & { version: number }>>;
  close(): Promise<void>;
}

/** What a mirror copy lacks to recompute its source's hash: the source's hash, recordedAt and causationId. */
export interface MirrorSource {
  hash: string;
  recordedAt: string;
  causationId: string;
}

export const SEAL_STORE = Symbol('SEAL_STORE');
