import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pmt/testing';
import { loadGatewayConfig } from './config';
import { KNOWN_PLACEHOLDER_SECRETS } from './jwt-secret';

const STRONG = 'k7Yq2vR9pL4xW8mN3bT6hJ1sD5fG0aZc-strong-enough';

describe('gateway configuration', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('pmt-gw-config-');
  });
  afterEach(() => dir.remove());

  it('has embedded defaults: loopback only, and a secret of its own instead of a known one', () => {
    const c = loadGatewayConfig({ DATA_DIR: dir.path });
    expect(c).toMatchObject({
      profile: 'embedded',
      port: 3000,
      host: '127.0.0.1',
      natsUrl: 'nats://127.0.0.1:4222',
      requestTimeoutMs: 5000,
      bodyLimitBytes: 512 * 1024,
      rateLimitPerMinute: 600,
    });
    expect(c.jwtSecretFile).toBe(join(dir.path, 'keys', 'jwt-secret'));
    expect(Buffer.byteLength(c.jwtSecret)).toBeGreaterThanOrEqual(32);
    expect(KNOWN_PLACEHOLDER_SECRETS).not.toContain(c.jwtSecret);
    // an empty variable is no secret: the same file
    expect(loadGatewayConfig({ DATA_DIR: dir.path, AUTH_JWT_SECRET: '' }).jwtSecret).toBe(c.jwtSecret);
  });

  it('keeps the generated secret readable by its owner only and reuses it on the next start', () => {
    const first = loadGatewayConfig({ DATA_DIR: dir.path });
    expect(statSync(first.jwtSecretFile!).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir.path, 'keys')).mode & 0o777).toBe(0o700);
    expect(loadGatewayConfig({ DATA_DIR: dir.path }).jwtSecret).toBe(first.jwtSecret);
    const other = tempDir('pmt-gw-config-');
    try {
      expect(loadGatewayConfig({ DATA_DIR: other.path }).jwtSecret).not.toBe(first.jwtSecret);
    } finally {
      other.remove();
    }
  });

  it('reads the environment', () => {
    const c = loadGatewayConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      NATS_URL: 'nats://nats:4222',
      AUTH_JWT_SECRET: 's3cret',
      REQUEST_TIMEOUT_MS: '1500',
      DATA_DIR: dir.path,
    });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', natsUrl: 'nats://nats:4222', jwtSecret: 's3cret', requestTimeoutMs: 1500 });
    expect(c.jwtSecretFile).toBeUndefined();
    const limits = loadGatewayConfig({ AUTH_JWT_SECRET: 's3cret', RATE_LIMIT_PER_MINUTE: '0', TRUST_PROXY: '1' });
    expect(limits).toMatchObject({ rateLimitPerMinute: 0, trustProxy: 1 });
  });

  it('lets explicit overrides win', () => {
    expect(loadGatewayConfig({ PORT: '8080', AUTH_JWT_SECRET: 's3cret' }, { port: 0 }).port).toBe(0);
  });

  it('refuses to start in production without AUTH_JWT_SECRET, with a short one, or with a placeholder from the repository', () => {
    expect(() => loadGatewayConfig({ PMT_PROFILE: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => loadGatewayConfig({ PMT_PROFILE: 'production', AUTH_JWT_SECRET: '' })).toThrow(/AUTH_JWT_SECRET is required/);
    expect(() => loadGatewayConfig({ PMT_PROFILE: 'production', AUTH_JWT_SECRET: 'x' })).toThrow(/at least 32 bytes/);
    expect(() => loadGatewayConfig({ PMT_PROFILE: 'production', AUTH_JWT_SECRET: 'a'.repeat(31) })).toThrow(/at least 32 bytes/);
    for (const placeholder of ['change-me-not-a-secret', 'dev-secret-change-me']) {
      expect(() => loadGatewayConfig({ PMT_PROFILE: 'production', AUTH_JWT_SECRET: placeholder })).toThrow(/placeholder/);
      expect(() => loadGatewayConfig({ AUTH_JWT_SECRET: placeholder, DATA_DIR: dir.path })).toThrow(/placeholder/);
    }
    const c = loadGatewayConfig({ PMT_PROFILE: 'production', AUTH_JWT_SECRET: STRONG });
    expect(c).toMatchObject({ profile: 'production', host: '0.0.0.0', jwtSecret: STRONG });
  });

  it('turns OpenID Connect on only with issuer, client id and secret together', () => {
    expect(loadGatewayConfig({}).oidc).toBeUndefined();
    const oidc = { OIDC_ISSUER: 'https://id.example.org/realms/pmt', OIDC_CLIENT_ID: 'pmt', OIDC_CLIENT_SECRET: 's' };
    expect(loadGatewayConfig(oidc).oidc).toEqual({
      issuer: 'https://id.example.org/realms/pmt',
      clientId: 'pmt',
      clientSecret: 's',
      audience: 'pmt',
      rolesClaim: 'roles',
      teamsClaim: 'teams',
      scopes: 'openid email profile',
    });
    expect(loadGatewayConfig({ ...oidc, OIDC_AUDIENCE: 'https://api.example.org', OIDC_ROLES_CLAIM: 'realm_access.roles' }).oidc).toMatchObject({
      audience: 'https://api.example.org',
      rolesClaim: 'realm_access.roles',
    });
    expect(() => loadGatewayConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER, OIDC_CLIENT_ID: 'pmt' })).toThrow(/OIDC_CLIENT_SECRET/);
  });

  it('reads the session settings', () => {
    expect(loadGatewayConfig({})).toMatchObject({ sessionTtlMinutes: 30 });
    expect(loadGatewayConfig({}).trustProxy).toBeUndefined();
    expect(loadGatewayConfig({ SESSION_TTL_MINUTES: '15', TRUST_PROXY: '1', DATA_DIR: '/srv/pmt' })).toMatchObject({
      sessionTtlMinutes: 15,
      trustProxy: 1,
      dataDir: '/srv/pmt',
    });
    expect(() => loadGatewayConfig({ SESSION_TTL_MINUTES: '0' })).toThrow(/SESSION_TTL_MINUTES/);
  });

  it('refuses nonsense values', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadGatewayConfig({ REQUEST_TIMEOUT_MS: '-1' })).toThrow(/REQUEST_TIMEOUT_MS/);
  });
});
