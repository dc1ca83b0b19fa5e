import { join } from 'node:path';
import type { ServiceConfig } from '@pmt/service-kit';
import type { PersonalDataKeys } from '../key-store';

/** The key store for the profile: beside the SQLite event store, or in MongoDB when the read model is there. */
export async function openKeyStore(config: ServiceConfig): Promise<PersonalDataKeys> {
  if (config.readModel === 'mongodb') {
    const { MongoKeyStore } = await import('./mongo-key-store');
    return MongoKeyStore.connect(config.mongoDbUrl as string);
  }
  const { SqliteKeyStore } = await import('./sqlite-key-store');
  return SqliteKeyStore.open(join(config.dataDir, `${config.service}-keys.sqlite`));
}
