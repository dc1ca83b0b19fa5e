import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { publicKeyId } from './seal-signing';

export interface SealKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** sha256 of the SPKI DER, hex. */
  keyId: string;
  /** The public key as PEM (SPKI), what an auditor is given. */
  publicKeyPem: string;
  /** Where the private key was read from. */
  file: string;
  /** Where the public key PEM was written (next to a generated key), or null. */
  publicKeyFile: string | null;
  generated: boolean;
}

/**
 * The service's Ed25519 seal key: read from `file` (PKCS#8 PEM). When the file does not exist and `generate`
 * is set (the embedded profile), a key is made there, readable by its owner only, with the public key beside
 * it (`<service>-seal.pub.pem`). Production mounts a key (a secret) and never generates one: a missing key stops the start.
 */
export function loadSealKey(file: string, options: { generate: boolean }): SealKey {
  let generated = false;
  let publicKeyFile: string | null = null;
  if (!existsSync(file)) {
    if (!options.generate) throw new Error(`SEAL_KEY_FILE ${file} does not exist`);
    mkdirSync(dirname(file), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    generated = true;
  }
  const privateKey = createPrivateKey(readFileSync(file));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`SEAL_KEY_FILE ${file} is a ${privateKey.asymmetricKeyType} key; seals need Ed25519`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const beside = publicKeyFileOf(file);
  if (generated) writeFileSync(beside, publicKeyPem, { mode: 0o644 });
  if (existsSync(beside)) publicKeyFile = beside;
  return { privateKey, publicKey, keyId: publicKeyId(publicKey), publicKeyPem, file, publicKeyFile, generated };
}

/** `x-seal.pub.pem` beside `x-seal.key.pem` (else `<file>.pub.pem`). */
export const publicKeyFileOf = (file: string): string => (file.endsWith('.key.pem') ? `${file.slice(0, -'.key.pem'.length)}.pub.pem` : `${file}.pub.pem`);

/** Default place of the embedded profile's key. */
export const defaultSealKeyFile = (dataDir: string, service: string): string => join(dataDir, 'keys', `${service}-seal.key.pem`);
