import { open, type PersonalFields } from './personal-data.crypto';
import type { PersonalDataKeys } from './key-store';

type Sealed = { id: string; keyId: string; sealed: string };

const isSealed = (v: unknown): v is Sealed =>
  !!v && typeof v === 'object' && typeof (v as Sealed).sealed === 'string' && typeof (v as Sealed).keyId === 'string' && typeof (v as Sealed).id === 'string';

/** A contact whose key is gone: the ciphertext would only be noise, so history and reads say what happened. */
export const ERASED = { erased: true } as const;

/**
 * The value with every sealed contact in it opened for the API: `{ id, name, email, phone, role }`, or
 * `{ id, erased: true }` once its key is destroyed. Walks any reply (a resource, a page, history entries, a
 * diff), so no reader sees ciphertext or digests. Plain contacts from before encryption pass as they are.
 */
export async function reveal<T>(value: T, keys: PersonalDataKeys): Promise<T> {
  const cache = new Map<string, Buffer | null>();
  const keyOf = async (keyId: string) => {
    if (!cache.has(keyId)) cache.set(keyId, await keys.key(keyId));
    return cache.get(keyId) as Buffer | null;
  };
  const walk = async (v: unknown): Promise<unknown> => {
    if (Array.isArray(v)) return Promise.all(v.map(walk));
    if (!v || typeof v !== 'object' || Buffer.isBuffer(v)) return v;
    if (isSealed(v)) return openContact(v, await keyOf(v.keyId));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = await walk(x);
    return out;
  };
  return (await walk(value)) as T;
}

export function openContact(c: Sealed, key: Buffer | null): ({ id: string } & PersonalFields) | { id: string; erased: true } {
  if (!key) return { id: c.id, ...ERASED };
  const { name, email, phone, role } = open(key, c.id, c.sealed);
  return { id: c.id, name, email, phone, role };
}
