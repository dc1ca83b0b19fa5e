import mongoose from 'mongoose';
import { newId } from '@pmt/kernel';
import { newDataKey } from '../personal-data.crypto';
import type { PersonalDataKeys } from '../key-store';

const INDEX_KEY_ID = 'email-index';

interface KeyDoc {
  _id: string;
  subjectId: string;
  key: Buffer;
  createdAt: Date;
}

/** The production profile's keys: a collection of their own, apart from the events (which live in KurrentDB). */
export class MongoKeyStore implements PersonalDataKeys {
  private constructor(private readonly connection: mongoose.Connection) {}

  static async connect(url: string): Promise<MongoKeyStore> {
    const connection = await mongoose.createConnection(url).asPromise();
    await connection.collection<KeyDoc>('personal_data_keys').createIndex({ subjectId: 1 });
    return new MongoKeyStore(connection);
  }

  private get keys() {
    return this.connection.collection<KeyDoc>('personal_data_keys');
  }

  async create(subjectId: string): Promise<{ keyId: string; key: Buffer }> {
    const keyId = newId();
    const key = newDataKey();
    await this.keys.insertOne({ _id: keyId, subjectId, key, createdAt: new Date() });
    return { keyId, key };
  }

  async key(keyId: string): Promise<Buffer | null> {
    const doc = await this.keys.findOne({ _id: keyId });
    if (!doc) return null;
    // the driver hands BSON binary back as a Binary, whose `buffer` holds exactly the key's bytes
    const stored = doc.key as unknown;
    return Buffer.isBuffer(stored) ? Buffer.from(stored) : Buffer.from((stored as { buffer: Uint8Array }).buffer);
  }

  async destroySubject(subjectId: string): Promise<number> {
    return (await this.keys.deleteMany({ subjectId })).deletedCount;
  }

  async indexKey(): Promise<Buffer> {
    await this.keys.updateOne({ _id: INDEX_KEY_ID }, { $setOnInsert: { subjectId: INDEX_KEY_ID, key: newDataKey(), createdAt: new Date() } }, { upsert: true });
    return (await this.key(INDEX_KEY_ID)) as Buffer;
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
