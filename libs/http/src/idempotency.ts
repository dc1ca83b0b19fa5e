import { CodedError, newId } from '@pmt/kernel';
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
  return v5(`${actor}\n${method.toUpperCase()}\n${path}\n${key}`, IDEMPOTENCY_NAMESPACE);
}
