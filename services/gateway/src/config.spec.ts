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

  it('refuses nonsense values', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadGatewayConfig({ REQUEST_TIMEOUT_MS: '-1' })).toThrow(/REQUEST_TIMEOUT_MS/);
  });
});
