import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** The personal fields of a contact: everything that identifies the person (docs/personal-data.md). */
export interface PersonalFields {
  name: string;
  email: string;
  phone: string | null;
  role: string | null;
}

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

/** A fresh 256-bit key for one data subject. */
export const newDataKey = (): Buffer => randomBytes(32);

/**
 * `v1.<iv>.<tag>.<ciphertext>` (base64url). The contact's id is the additional data: a ciphertext copied onto
 * another contact does not open.
 */
export function seal(key: Buffer, subjectId: string, fields: PersonalFields): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(subjectId, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function open(key: Buffer, subjectId: string, sealed: string): PersonalFields {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed personal-data value');
  const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(subjectId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as PersonalFields;
}

/** Addresses differ only in case in practice; the digest compares them without the decider seeing them. */
export const emailDigest = (indexKey: Buffer, email: string): string =>
  createHmac('sha256', indexKey).update(email.trim().toLowerCase(), 'utf8').digest('base64url');
