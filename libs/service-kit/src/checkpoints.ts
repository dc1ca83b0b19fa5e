import type { ReadModelStore } from '@pmt/read-model';

/**
 * Keeps a relay's or consumer's position as a read-model checkpoint, so it lives in the same store
 * (the service's SQLite file, or MongoDB) in either profile.
 */
export function readModelCheckpointStore(readModel: ReadModelStore) {
  return {
    load: (name: string) => readModel.checkpoint(name),
    save: (name: string, position: number) => readModel.commit(name, position, []),
  };
}
