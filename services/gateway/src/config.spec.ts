import { describe, expect, it } from '@jest/globals';
import { DEV_JWT_SECRET, loadGatewayConfig } from './config';

describe('gateway configuration', () => {
  it('has embedded defaults', () => {
    const c = loadGatewayConfig({});
    expect(c).toMatchObject({
      profile: 'embedded',
      port: 3000,
      natsUrl: 'nats://127.0.0.1:4222',
      jwtSecret: DEV_JWT_SECRET,
      jwtSecretIsDefault: true,
      requestTimeoutMs: 5000,
      bodyLimitBytes: 1024 * 1024,
    });
  });

  it('reads the environment', () => {
    const c = loadGatewayConfig({ PORT: '8080', NATS_URL: 'nats://nats:4222', AUTH_JWT_SECRET: 's3cret', REQUEST_TIMEOUT_MS: '1500' });
    expect(c).toMatchObject({ port: 8080, natsUrl: 'nats://nats:4222', jwtSecret: 's3cret', jwtSecretIsDefault: false, requestTimeoutMs: 1500 });
  });

  it('lets explicit overrides win', () => {
    expect(loadGatewayConfig({ PORT: '8080' }, { port: 0 }).port).toBe(0);
  });

  it('refuses to start in production without AUTH_JWT_SECRET', () => {
    expect(() => loadGatewayConfig({ PMT_PROFILE: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWT_SECRET/);
    expect(loadGatewayConfig({ PMT_PROFILE: 'production', AUTH_JWT_SECRET: 'x' }).profile).toBe('production');
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
    expect(loadGatewayConfig({})).toMatchObject({ sessionTtlMinutes: 30, trustProxy: false });
    expect(loadGatewayConfig({ SESSION_TTL_MINUTES: '15', TRUST_PROXY: '1', DATA_DIR: '/srv/pmt' })).toMatchObject({
      sessionTtlMinutes: 15,
      trustProxy: true,
      dataDir: '/srv/pmt',
    });
    expect(() => loadGatewayConfig({ SESSION_TTL_MINUTES: '0' })).toThrow(/SESSION_TTL_MINUTES/);
  });

  it('refuses nonsense values', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadGatewayConfig({ REQUEST_TIMEOUT_MS: '-1' })).toThrow(/REQUEST_TIMEOUT_MS/);
  });
});
