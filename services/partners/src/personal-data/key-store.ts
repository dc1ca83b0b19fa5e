/**
 * Where each data subject's key lives, apart from the events (docs/personal-data.md). A thin port: the embedded
 * profile keeps keys in `DATA_DIR/partners-keys.sqlite` (./transport/sqlite-key-store.ts), production in a MongoDB
 * collection (./transport/mongo-key-store.ts). Destroying a key is what erasure means: the ciphertext in the events stays
 * and no longer opens.
 */
export interface PersonalDataKeys {
  /** Makes and keeps a key for one data subject (a contact); answers its id and the key. */
  create(subjectId: string): Promise<{ keyId: string; key: Buffer }>;
  /** The key, or null once destroyed (or never made). */
  key(keyId: string): Promise<Buffer | null>;
  /** Destroys every key of the subject; answers how many there were. */
  destroySubject(subjectId: string): Promise<number>;
  /** The service's key for e-mail digests (made on first use): they compare addresses without revealing them. */
  indexKey(): Promise<Buffer>;
  close(): Promise<void>;
}
