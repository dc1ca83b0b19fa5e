import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { KurrentDbEventStore } from '@pmt/event-store-kurrentdb';
// the adapter's own test stand-in, which its index does not export
// eslint-disable-next-line @nx/enforce-module-boundaries
import { InMemoryKurrentDb } from '../../../event-store-kurrentdb/src/in-memory-kurrentdb';
import { newId } from '@pmt/kernel';
import { tempDir } from '@pmt/testing';
import { EventStoreSealStore } from './event-store-seal-store';
import { pendingEvent } from './seal-fixtures';
import { loadSealKey } from './seal-keys';
import { Sealer } from './sealer';
import { StreamSeals } from './stream-seals';

// The production profile's seals: the stream `seals-<service>` in the service's KurrentDB, outside its categories.
describe('seals in the KurrentDB adapter (over its in-memory stand-in)', () => {
  it('seals, verifies, and stays idle: the seal stream never counts as a moved stream', async () => {
    const dir = tempDir('pmt-kdb-seals-');
    const store = new KurrentDbEventStore(new InMemoryKurrentDb().asClient(), { categories: ['mou', 'inbox'] });
    try {
      const streamId = `mou-${newId()}`;
      for (let n = 1; n <= 3; n++) await store.append({ streamId, expectedVersion: n - 1, events: [pendingEvent(n)] });
      const key = loadSealKey(join(dir.path, 'k.key.pem'), { generate: true });
      const seals = new EventStoreSealStore(store, 'seals-mous');
      const sealer = new Sealer({ service: 'mous', events: store, seals, key });
      expect((await sealer.seal()).seal).toMatchObject({ leafCount: 1 });
      expect((await store.readAll({ after: 0 })).map((e) => e.streamId)).not.toContain('seals-mous');
      expect((await sealer.seal()).seal).toBeNull();
      const verified = await new StreamSeals(seals, key.publicKey, key.keyId, key.publicKeyPem).verify(streamId, await store.readStream(streamId));
      expect(verified).toMatchObject({ valid: true, sealedVersion: 3 });
      // a restarted service reads its seals back from the stream
      const reread = new StreamSeals(new EventStoreSealStore(store, 'seals-mous'), key.publicKey, key.keyId, key.publicKeyPem);
      expect(await reread.verify(streamId, await store.readStream(streamId))).toEqual(verified);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});
