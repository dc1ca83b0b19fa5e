import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { leafHash, merkleProof, merkleRoot, nodeHash, rootOfProof } from './merkle';

const leaf = (i: number) => ({ streamId: `mou-${String(i).padStart(4, '0')}`, version: i + 1, hash: createHash('sha256').update(String(i)).digest('hex') });
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leaf(i));

describe('the seal Merkle tree', () => {
  it('proves every leaf of trees of 1 to 33 leaves, and no proof works for another leaf', () => {
    for (let n = 1; n <= 33; n++) {
      const all = leaves(n);
      const root = merkleRoot(all);
      all.forEach((l, i) => {
        const proof = merkleProof(all, i);
        expect(rootOfProof(l, proof)).toBe(root);
        expect(rootOfProof({ ...l, version: l.version + 1 }, proof)).not.toBe(root);
      });
    }
  });

  it('hashes as documented: leaf 0x00 || ["stream",version,"hash"], node 0x01 || left || right, an odd node promoted', () => {
    const [a, b, c] = leaves(3);
    const h = (...parts: Buffer[]) => parts.reduce((x, p) => x.update(p), createHash('sha256')).digest();
    expect(leafHash(a)).toEqual(h(Buffer.from([0]), Buffer.from(JSON.stringify([a.streamId, a.version, a.hash]))));
    expect(merkleRoot([a])).toBe(leafHash(a).toString('hex'));
    expect(merkleRoot([a, b, c])).toBe(nodeHash(nodeHash(leafHash(a), leafHash(b)), leafHash(c)).toString('hex'));
    // promotion, not duplication: repeating the last leaf gives another root
    expect(merkleRoot([a, b, c])).not.toBe(merkleRoot([a, b, c, c]));
  });
});
