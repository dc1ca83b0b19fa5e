import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Seal } from '@pmt/event-store';

/**
 * The bytes an Ed25519 seal signature covers: the UTF-8 JSON object of the seal's header, keys sorted, no
 * whitespace: {"format","keyId","leafCount","root","sealId","sealedAt","service"}. The format string is the
 * domain separator, so a seal signature can never be replayed as another kind of signed message.
 */
export function sealMessage(seal: Omit<Seal, 'signature'>): Buffer {
  const header = {
    format: seal.format,
    keyId: seal.keyId,
    leafCount: seal.leafCount,
    root: seal.root,
    sealId: seal.sealId,
    sealedAt: seal.sealedAt,
    service: seal.service,
  };
  return Buffer.from(JSON.stringify(header), 'utf8');
}

/** sha256 of the public key's SubjectPublicKeyInfo DER, hex: the key id in every seal. */
export function publicKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

export function signSeal(header: Omit<Seal, 'signature'>, privateKey: KeyObject): Seal {
  return { ...header, signature: sign(null, sealMessage(header), privateKey).toString('base64') };
}

/** Whether the signature holds for this key; a malformed signature is simply false. */
export function sealSignatureHolds(seal: Seal, publicKey: KeyObject): boolean {
  try {
    return verify(null, sealMessage(seal), publicKey, Buffer.from(seal.signature, 'base64'));
  } catch {
    return false;
  }
}
