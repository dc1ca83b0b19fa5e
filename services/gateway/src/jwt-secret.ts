import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Secrets that were ever written in this repository (old defaults, examples, test values): anyone with a clone
 * knows them, so a gateway configured with one would let anyone sign an admin token. Refused in every profile.
 */
export const KNOWN_PLACEHOLDER_SECRETS: readonly string[] = [
  'change-me-not-a-secret',
  'dev-secret-change-me',
  'change-me',
  '(yours)',
  'changeme',
  'secret',
  'test-secret-for-gateway-specs',
  'e2e-secret',
];

/** HS256 wants at least as many key bytes as the hash has (RFC 7518 §3.2). */
export const MIN_PRODUCTION_SECRET_BYTES = 32;

/** Where the embedded profile keeps the secret it made: `npm run token` (scripts/token.js) reads the same file. */
export const jwtSecretFile = (dataDir: string): string => join(dataDir, 'keys', 'jwt-secret');

export function checkJwtSecret(secret: string, production: boolean): void {
  if (KNOWN_PLACEHOLDER_SECRETS.includes(secret.trim())) {
    throw new Error('AUTH_JWT_SECRET is a placeholder published in the repository: set a long random value (openssl rand -base64 48)');
  }
  if (production && Buffer.byteLength(secret, 'utf8') < MIN_PRODUCTION_SECRET_BYTES) {
    throw new Error(`AUTH_JWT_SECRET must be at least ${MIN_PRODUCTION_SECRET_BYTES} bytes in the production profile (openssl rand -base64 48)`);
  }
}

/**
 * The embedded profile's secret when none is configured: made once (48 random bytes, base64url), kept readable by
 * its owner only, and reused on every later start so tokens stay valid across restarts.
 */
export function embeddedJwtSecret(dataDir: string): { secret: string; file: string; created: boolean } {
  const file = jwtSecretFile(dataDir);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing) return { secret: existing, file, created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  const secret = randomBytes(48).toString('base64url');
  // 'wx': two processes starting at once never overwrite each other's secret; the loser reads the winner's.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return { secret: readFileSync(file, 'utf8').trim(), file, created: false };
    throw e;
  }
  return { secret, file, created: true };
}
