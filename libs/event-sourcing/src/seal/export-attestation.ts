import { sign, type KeyObject } from 'node:crypto';
import type { ChainVerification } from '@pmt/kernel';

/**
 * What the service vouches for when a JSON export ends: which stream, up to which version, the hash of that
 * version, the export's own header and the chain check it wrote. Signed with the service's seal key, so that no
 * byte of the file goes unchecked offline: events by the chain (and the seal), the header and verification by
 * this signature, the layout by re-rendering (scripts/verify-export.js).
 */
export interface ExportAttestation {
  format: 'pmt.export-attestation/1';
  resourceType: string;
  resourceId: string;
  stream: string;
  exportedAt: string;
  toVersion: number;
  headHash: string;
  verification: ChainVerification;
  keyId: string;
  /** Ed25519 signature of attestationMessage (base64). */
  signature: string;
}

/**
 * The signed bytes: the attestation without its signature as JSON, keys in this order, no whitespace. The
 * format string separates it from seal signatures (`pmt.seal/1`), so neither can stand in for the other.
 */
export function attestationMessage(a: Omit<ExportAttestation, 'signature'>): Buffer {
  const { format, resourceType, resourceId, stream, exportedAt, toVersion, headHash, keyId } = a;
  const { valid, events, firstInvalidVersion } = a.verification;
  return Buffer.from(
    JSON.stringify({ format, resourceType, resourceId, stream, exportedAt, toVersion, headHash, verification: { valid, events, firstInvalidVersion }, keyId }),
    'utf8',
  );
}

export function signAttestation(a: Omit<ExportAttestation, 'signature' | 'format'>, privateKey: KeyObject): ExportAttestation {
  const header = { format: 'pmt.export-attestation/1' as const, ...a };
  return { ...header, signature: sign(null, attestationMessage(header), privateKey).toString('base64') };
}

/** How far the export's own time may be from the service's clock: it is asked right after the first piece. */
export const ATTESTATION_CLOCK_SKEW_MS = 15 * 60_000;
