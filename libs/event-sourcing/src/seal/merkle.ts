import { createHash } from 'node:crypto';
import type { SealLeaf } from '@pmt/event-store';

/**
 * The Merkle tree of a seal (docs/history-and-audit.md, "Seals"). Domain separation keeps a leaf from ever
 * passing for a node: leaf = sha256(0x00 || leaf text), node = sha256(0x01 || left || right) over the raw
 * 32-byte digests. Levels are built pairwise left to right; an odd last node is promoted unchanged to the
 * next level (never duplicated, so no two leaf lists share a root by repeating their last leaf).
 */

/** The text of a leaf: the JSON array `["<stream id>",<version>,"<hash>"]`, UTF-8. */
export const leafText = (leaf: SealLeaf): string => JSON.stringify([leaf.streamId, leaf.version, leaf.hash]);

export function leafHash(leaf: SealLeaf): Buffer {
  return createHash('sha256')
    .update(Buffer.from([0]))
    .update(leafText(leaf), 'utf8')
    .digest();
}

export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();
}

/** Leaves in tree order: by stream id, compared as JS strings compare (UTF-16 code units). */
export function sortLeaves(leaves: SealLeaf[]): SealLeaf[] {
  return [...leaves].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}

/** The root (hex) of leaves already in tree order; a seal has at least one leaf. */
export function merkleRoot(leaves: SealLeaf[]): string {
  if (leaves.length === 0) throw new Error('a Merkle tree needs at least one leaf');
  let level = leaves.map(leafHash);
  while (level.length > 1) level = nextLevel(level);
  return level[0].toString('hex');
}

export interface ProofStep {
  /** Where the sibling sits: `left` means node(sibling, current), `right` means node(current, sibling). */
  position: 'left' | 'right';
  hash: string;
}

export interface MerkleProof {
  leafIndex: number;
  leafCount: number;
  /** From the leaf up; a level where the node was promoted adds no step. */
  path: ProofStep[];
}

export function merkleProof(leaves: SealLeaf[], leafIndex: number): MerkleProof {
  if (leafIndex < 0 || leafIndex >= leaves.length) throw new Error(`no leaf ${leafIndex} among ${leaves.length}`);
  const path: ProofStep[] = [];
  let level = leaves.map(leafHash);
  let index = leafIndex;
  while (level.length > 1) {
    const sibling = index % 2 === 0 ? index + 1 : index - 1;
    if (sibling < level.length) path.push({ position: index % 2 === 0 ? 'right' : 'left', hash: level[sibling].toString('hex') });
    level = nextLevel(level);
    index = Math.floor(index / 2);
  }
  return { leafIndex, leafCount: leaves.length, path };
}

/** The root a proof leads to from a leaf (hex). */
export function rootOfProof(leaf: SealLeaf, proof: MerkleProof): string {
  let h = leafHash(leaf);
  for (const step of proof.path) {
    const sibling = Buffer.from(step.hash, 'hex');
    h = step.position === 'left' ? nodeHash(sibling, h) : nodeHash(h, sibling);
  }
  return h.toString('hex');
}

function nextLevel(level: Buffer[]): Buffer[] {
  const next: Buffer[] = [];
  for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i]);
  return next;
}
