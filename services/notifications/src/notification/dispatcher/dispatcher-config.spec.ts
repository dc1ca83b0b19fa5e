import { describe, expect, it } from '@jest/globals';
import { dispatcherConfigFromEnv } from './dispatcher-config';

describe('dispatcher configuration', () => {
  it('defaults: every 5 s, retries from 30 s doubling to 1 h, 8 attempts, resending unknown outcomes', () => {
    expect(dispatcherConfigFromEnv({})).toEqual({
      intervalMs: 5_000,
      retry: { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 8 },
      deliveryTimeoutMs: 15_000,
      attemptLeaseMs: 120_000,
      resendUncertain: true,
      concurrency: 4,
      smtpUrl: undefined,
      smtpFrom: undefined,
    });
  });

  it('reads the environment', () => {
    const config = dispatcherConfigFromEnv({
      NOTIFY_INTERVAL_MS: '200',
      NOTIFY_RETRY_BASE_MS: '1000',
      NOTIFY_RETRY_CAP_MS: '8000',
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_RESEND_UNCERTAIN: 'false',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      SMTP_FROM: 'STeP <partnerships@step.example>',
    });
    expect(config).toMatchObject({
      intervalMs: 200,
      retry: { baseMs: 1000, capMs: 8000, maxAttempts: 3 },
      resendUncertain: false,
      smtpUrl: 'smtp://127.0.0.1:2525',
      smtpFrom: 'STeP <partnerships@step.example>',
    });
  });

  it('refuses nonsense instead of guessing', () => {
    expect(() => dispatcherConfigFromEnv({ NOTIFY_MAX_ATTEMPTS: '0' })).toThrow('NOTIFY_MAX_ATTEMPTS must be a whole number of at least 1; got "0"');
    expect(() => dispatcherConfigFromEnv({ NOTIFY_RESEND_UNCERTAIN: 'maybe' })).toThrow('NOTIFY_RESEND_UNCERTAIN must be true or false');
    expect(() => dispatcherConfigFromEnv({ NOTIFY_ATTEMPT_LEASE_MS: '1000' })).toThrow(/must be longer than NOTIFY_DELIVERY_TIMEOUT_MS/);
  });
});
