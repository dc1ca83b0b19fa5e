import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoDBContainer, type StartedMongoDBContainer } from '@testcontainers/mongodb';
import mongoose, { type ConnectOptions } from 'mongoose';
import { readModelContract } from '@pmt/read-model/testing';
import { MongooseReadModelStore } from './mongoose-read-model.store';

/** jest wants its describe blocks now, so the container probe runs synchronously in a child process. */
function containerRuntimeAnswers(): boolean {
  try {
    execFileSync(process.execPath, ['-e', "require('testcontainers').getContainerRuntimeClient().then(()=>process.exit(0),()=>process.exit(1))"], {
      stdio: 'ignore',
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
}

/** Each test gets a database of its own, dropped afterwards. */
function contractOn(name: string, server: () => { url: string; options: ConnectOptions }) {
  readModelContract(name, async () => {
    const { url, options } = server();
    const dbName = `rm_contract_${randomUUID().replace(/-/g, '')}`;
    let store = await MongooseReadModelStore.connect(url, { ...options, dbName });
    return {
      store,
      async reopen() {
        await store.close();
        store = await MongooseReadModelStore.connect(url, { ...options, dbName });
        return store;
      },
      async cleanup() {
        await store.close();
        const connection = await mongoose.createConnection(url, { ...options, dbName }).asPromise();
        await connection.dropDatabase();
        await connection.close();
      },
    };
  });

  describe(`${name}: indexes`, () => {
    it('makes an index on the paths a query filters and sorts on, the first time one does', async () => {
      const { url, options } = server();
      const dbName = `rm_indexes_${randomUUID().replace(/-/g, '')}`;
      const store = await MongooseReadModelStore.connect(url, { ...options, dbName });
      const connection = await mongoose.createConnection(url, { ...options, dbName }).asPromise();
      try {
        await store.commit('p', 1, [{ op: 'put', collection: 'mous', doc: { id: 'm1', status: 'active', endsOn: '2027-01-01' } }]);
        await store.find('mous', { status: 'active' }, { sort: { endsOn: 1 } });
        const names = (await connection.db!.collection('mous').listIndexes().toArray()).map((i) => i.name);
        expect(names).toEqual(expect.arrayContaining(['pmt_status', 'pmt_endsOn']));
      } finally {
        await store.close();
        await connection.dropDatabase();
        await connection.close();
      }
    });
  });
}

const url = process.env.MONGODB_URL;

if (url) {
  contractOn(`MongoDB at MONGODB_URL`, () => ({ url, options: {} }));
} else if (containerRuntimeAnswers()) {
  describe('MongoDB in a container', () => {
    let container: StartedMongoDBContainer;
    beforeAll(async () => {
      container = await new MongoDBContainer('mongo:8').start();
    }, 180_000);
    afterAll(async () => {
      await container?.stop();
    });
    // The container is a single-node replica set (transactions need one); its advertised host is internal.
    contractOn('mongo:8 (testcontainers)', () => ({ url: container.getConnectionString(), options: { directConnection: true } }));
  });
} else {
  const reason = 'MongooseReadModelStore contract skipped: MONGODB_URL is not set and no container runtime answers for testcontainers';
  // One plain line (console.log would add jest's location lines), and a skipped test saying the same.
  process.stderr.write(`${reason}\n`);
  describe('MongooseReadModelStore contract', () => {
    it.skip(reason, () => undefined);
  });
}
