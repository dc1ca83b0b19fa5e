import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { EventStoreSealStore } from './event-store-seal-store';
import { merkleRoot, rootOfProof } from './merkle';
import { StreamSeals } from './stream-seals';
import { SqliteEventStore } from '@pmt/event-store-sqlite';
import { appendEvents, rehashStream, sealedStores, type SealStoreKind } from './seal-fixtures';

describe.each<SealStoreKind>(['sqlite', 'event-store'])('seals (%s seal store) and verify on real SQLite files', (kind) => {
  let dir: ReturnType<typeof tempDir>;
  let s: ReturnType<typeof sealedStores>;
  const stream = () => `counter-${newId()}`;
  const verify = async (streamId: string) => s.seals.verify(streamId, await s.events.readStream(streamId));
  const sql = (text: string, ...params: unknown[]) => s.db.prepare(text).run(...params);

  beforeEach(() => {
    dir = tempDir('pmt-seals-');
    s = sealedStores(dir.path, 'svc', kind);
  });
  afterEach(() => {
    s.close();
    dir.remove();
  });

  it('seals the moved heads, verifies an intact stream, and seals nothing when idle', async () => {
    const a = stream();
    const b = stream();
    await appendEvents(s.events, a, 5);
    await appendEvents(s.events, b, 3);
    const first = await s.sealer.seal();
    expect(first.seal).toMatchObject({ leafCount: 2, keyId: s.key.keyId });
    expect(await verify(a)).toEqual({ valid: true, events: 5, firstInvalidVersion: null, sealedVersion: 5, sealedAt: first.seal?.sealedAt, cause: null });
    expect((await s.sealer.seal()).seal).toBeNull();
    await appendEvents(s.events, b, 2);
    const second = await s.sealer.seal();
    expect(second.seal?.leafCount).toBe(1);
    expect(await verify(b)).toMatchObject({ valid: true, events: 5, sealedVersion: 5, sealedAt: second.seal?.sealedAt });
    expect(await verify(a)).toMatchObject({ valid: true, sealedVersion: 5, sealedAt: first.seal?.sealedAt });
  });

  it('reports a stream never sealed with null sealedVersion and sealedAt', async () => {
    const a = stream();
    await appendEvents(s.events, a, 2);
    expect(await verify(a)).toEqual({ valid: true, events: 2, firstInvalidVersion: null, sealedVersion: null, sealedAt: null, cause: null });
  });

  it('names the version of a tampered leaf, sealed or not', async () => {
    const a = stream();
    await appendEvents(s.events, a, 10);
    await s.sealer.seal();
    await appendEvents(s.events, a, 4);
    sql(`UPDATE es_events SET data = '{"n":999}' WHERE stream_id = ? AND stream_version = 12`, a);
    expect(await verify(a)).toMatchObject({ valid: false, firstInvalidVersion: 12, sealedVersion: 10, cause: 'chain' });
    sql(`UPDATE es_events SET reason = 'other' WHERE stream_id = ? AND stream_version = 4`, a);
    expect(await verify(a)).toMatchObject({ valid: false, firstInvalidVersion: 4, cause: 'chain' });
  });

  it('names the first missing version of a tail deleted under a seal', async () => {
    const a = stream();
    await appendEvents(s.events, a, 10);
    await s.sealer.seal();
    sql('DELETE FROM es_events WHERE stream_id = ? AND stream_version >= 8', a);
    // What remains is a valid chain of 7 events: only the seal knows there were 10.
    expect(await verify(a)).toEqual(expect.objectContaining({ valid: false, events: 7, firstInvalidVersion: 8, sealedVersion: 10, cause: 'deleted-tail' }));
  });

  it('names a sealed event deleted from the middle, even when the rest is renumbered and rehashed', async () => {
    const a = stream();
    await appendEvents(s.events, a, 10);
    await s.sealer.seal();
    sql('DELETE FROM es_events WHERE stream_id = ? AND stream_version = 5', a);
    expect(await verify(a)).toMatchObject({ valid: false, events: 9, firstInvalidVersion: 5 });
    // the insider closes the gap and recomputes the chain: only the seal still knows
    sql('UPDATE es_events SET stream_version = stream_version + 1000 WHERE stream_id = ? AND stream_version > 5', a);
    sql('UPDATE es_events SET stream_version = stream_version - 1001 WHERE stream_id = ? AND stream_version > 1000', a);
    await rehashStream(s.db, s.events, a);
    expect(await verify(a)).toMatchObject({ valid: false, events: 9, firstInvalidVersion: 5, cause: 'sealed-hash' });
  });

  it('names version k of a rewrite at k with the whole chain rehashed after it', async () => {
    const a = stream();
    await appendEvents(s.events, a, 6);
    await s.sealer.seal();
    await appendEvents(s.events, a, 6);
    await s.sealer.seal();
    const k = 3;
    sql(`UPDATE es_events SET data = '{"n":3000000}' WHERE stream_id = ? AND stream_version = ?`, a, k);
    await rehashStream(s.db, s.events, a);
    expect(await verify(a)).toMatchObject({ valid: false, events: 12, firstInvalidVersion: k, sealedVersion: 12, cause: 'sealed-hash' });
  });

  it('names a rehashed rewrite inside the latest seal only, at its version', async () => {
    const a = stream();
    await appendEvents(s.events, a, 6);
    await s.sealer.seal();
    await appendEvents(s.events, a, 6);
    await s.sealer.seal();
    sql(`UPDATE es_events SET actor = 'mallory' WHERE stream_id = ? AND stream_version = 9`, a);
    await rehashStream(s.db, s.events, a);
    expect(await verify(a)).toMatchObject({ valid: false, firstInvalidVersion: 9, cause: 'sealed-hash' });
  });

  it('reads back what it kept after a restart', async () => {
    const a = stream();
    await appendEvents(s.events, a, 4);
    await s.sealer.seal();
    await appendEvents(s.events, a, 2);
    await s.sealer.seal();
    const before = await verify(a);
    const reopened = kind === 'sqlite' ? s.sealStore : new EventStoreSealStore(new SqliteEventStore(s.sealDb), 'seals-svc');
    const seals = new StreamSeals(reopened, s.key.publicKey, s.key.keyId, s.key.publicKeyPem);
    expect(await seals.verify(a, await s.events.readStream(a))).toEqual(before);
    expect(before).toMatchObject({ valid: true, sealedVersion: 6 });
    expect(await reopened.sealedHashes(a)).toHaveLength(6);
    expect(await reopened.checkpoint()).toBe(6);
  });

  it('keeps mirror sources recorded concurrently (as several inbox consumers do), the first record of a version winning', async () => {
    const mirror = `inbox-mou-${newId()}`;
    const record = (v: number, hash: string) =>
      s.sealStore.recordMirrorSource(mirror, v, { hash, recordedAt: '2025-01-01T00:00:00.000Z', causationId: `c${v}` });
    await Promise.all(Array.from({ length: 20 }, (_, i) => record(i + 1, `h${i + 1}`)));
    await record(3, 'other');
    const kept = await s.sealStore.mirrorSources(mirror);
    expect(kept.map((k) => k.version)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(kept[2]).toMatchObject({ version: 3, hash: 'h3' });
  });

  const sqliteOnly = kind === 'sqlite' ? it : it.skip;

  sqliteOnly('reports a forged seal (signature or root) as invalid from version 1', async () => {
    const a = stream();
    const b = stream();
    await appendEvents(s.events, a, 4);
    await appendEvents(s.events, b, 4);
    const { seal } = await s.sealer.seal();
    // the insider rewrites event 2, rehashes, and fixes the recorded hashes and the leaf: the root no longer matches
    sql(`UPDATE es_events SET data = '{"n":-1}' WHERE stream_id = ? AND stream_version = 2`, a);
    await rehashStream(s.db, s.events, a);
    const rehashed = await s.events.readStream(a);
    for (const e of rehashed) s.sealDb.prepare('UPDATE ss_sealed_hashes SET hash = ? WHERE stream_id = ? AND version = ?').run(e.hash, a, e.streamVersion);
    s.sealDb.prepare('UPDATE ss_leaves SET hash = ? WHERE stream_id = ?').run(rehashed[3].hash, a);
    expect(await verify(a)).toMatchObject({ valid: false, firstInvalidVersion: 1, sealedVersion: 4, cause: 'seal-root' });
    // ... and recomputes the root too: the signature no longer holds
    const leaves = await s.sealStore.leavesOf(seal?.sealId as string);
    s.sealDb.prepare('UPDATE ss_seals SET root = ?').run(merkleRoot(leaves));
    expect(await verify(a)).toMatchObject({ valid: false, firstInvalidVersion: 1, cause: 'seal-signature' });
    // the other stream of the seal is just as unvouched for
    expect(await verify(b)).toMatchObject({ valid: false, firstInvalidVersion: 1, cause: 'seal-signature' });
  });

  sqliteOnly('reports a seal whose signature was altered', async () => {
    const a = stream();
    await appendEvents(s.events, a, 2);
    await s.sealer.seal();
    const row = s.sealDb.prepare('SELECT signature FROM ss_seals').get() as { signature: string };
    const sig = Buffer.from(row.signature, 'base64');
    sig[0] ^= 1;
    s.sealDb.prepare('UPDATE ss_seals SET signature = ?').run(sig.toString('base64'));
    expect(await verify(a)).toMatchObject({ valid: false, firstInvalidVersion: 1, cause: 'seal-signature' });
  });

  it('refuses to seal new events of a stream rewritten under its seal', async () => {
    const a = stream();
    await appendEvents(s.events, a, 5);
    await s.sealer.seal();
    sql(`UPDATE es_events SET data = '{"n":0}' WHERE stream_id = ? AND stream_version = 5`, a);
    await rehashStream(s.db, s.events, a);
    await appendEvents(s.events, a, 1);
    const outcome = await s.sealer.seal();
    expect(outcome).toEqual({ seal: null, refused: [{ streamId: a, version: 6 }] });
    expect(await verify(a)).toMatchObject({ valid: false, firstInvalidVersion: 5, sealedVersion: 5 });
  });

  it('gives the evidence of the latest seal at or below a version, with a proof that leads to its root', async () => {
    const streams = [stream(), stream(), stream(), stream(), stream()];
    for (const id of streams) await appendEvents(s.events, id, 3);
    const first = await s.sealer.seal();
    await appendEvents(s.events, streams[2], 2);
    const second = await s.sealer.seal();
    const at3 = await s.seals.evidence(streams[2], 4);
    expect(at3.seal?.sealId).toBe(first.seal?.sealId);
    expect(at3.proof?.leaf.version).toBe(3);
    expect(rootOfProof(at3.proof?.leaf as never, at3.proof as never)).toBe(first.seal?.root);
    const at5 = await s.seals.evidence(streams[2], 5);
    expect(at5.seal?.sealId).toBe(second.seal?.sealId);
    expect(at5).toMatchObject({ publicKeyId: s.key.keyId, publicKey: s.key.publicKeyPem });
    expect((await s.seals.evidence(streams[0], 2)).seal).toBeNull();
  });
});
