import { createHash } from 'node:crypto';
import { canonicalJson, CodedError, newId } from '@pmt/kernel';
import { v5 } from 'uuid';

/** Fixed namespace so the same (actor, method, path, key) always maps to the same command id across restarts. */
export const IDEMPOTENCY_NAMESPACE = '8d5e2a57-3c0b-4f4e-9a51-6b1f0f3d2c7a';

const KEY = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyInput {
  actor: string;
  method: string;
  path: string;
  key?: string | string[];
}

/**
 * With an `Idempotency-Key` the command id is a UUID v5 of actor, method, path and key, so a retry reaches the
 * service as the same command and gets its first answer; scoping by actor keeps one caller's keys from colliding
 * with another's. Without a key every request is a new command.
 */
export function commandIdFor({ actor, method, path, key }: IdempotencyInput): string {
  if (key === undefined) return newId();
  if (Array.isArray(key) || !KEY.test(key)) {
    throw new CodedError('REQUEST.BAD_IDEMPOTENCY_KEY', 'invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters', undefined, [
      { path: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return v5(`${actor}\n${method.toUpperCase()}\n${canonicalPath(path)}\n${key}`, IDEMPOTENCY_NAMESPACE);
}

export interface FingerprintInput {
  method: string;
  path: string;
  /** The parsed JSON body as the client sent it (before defaults are filled in). */
  body: unknown;
  /** The Occurred-At header: it changes what is recorded, so it is part of what the request says. */
  occurredAt?: string;
}

/**
 * What a request with an Idempotency-Key said: SHA-256 of method, canonical path, Occurred-At and the body as
 * canonical JSON (keys sorted, so key order and whitespace do not count). The services keep it with the command
 * id; the same key with another fingerprint is a 422. If-Match is left out: it guards the first run and does
 * not change what is recorded.
 */
export function requestFingerprint({ method, path, body, occurredAt }: FingerprintInput): string {
  const text = ['pmt.request/1', method.toUpperCase(), canonicalPath(path), occurredAt ?? '', canonicalJson(body ?? null)].join('\n');
  return createHash('sha256').update(text).digest('hex');
}

/** Routes and ids are matched without regard to case (ids are lower-cased at the boundary), so paths are too. */
const canonicalPath = (path: string): string => path.toLowerCase();
