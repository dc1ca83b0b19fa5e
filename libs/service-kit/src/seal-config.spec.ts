import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SEAL_INTERVAL_MS, sealIntervalFromEnv } from './seal-config';

describe('SEAL_INTERVAL', () => {
  it('defaults to 10 minutes and reads durations with a unit or plain milliseconds', () => {
    expect(sealIntervalFromEnv({})).toBe(DEFAULT_SEAL_INTERVAL_MS);
    expect(DEFAULT_SEAL_INTERVAL_MS).toBe(600_000);
    expect(sealIntervalFromEnv({ SEAL_INTERVAL: '10m' })).toBe(600_000);
    expect(sealIntervalFromEnv({ SEAL_INTERVAL: '30s' })).toBe(30_000);
    expect(sealIntervalFromEnv({ SEAL_INTERVAL: '1h' })).toBe(3_600_000);
    expect(sealIntervalFromEnv({ SEAL_INTERVAL: '250ms' })).toBe(250);
    expect(sealIntervalFromEnv({ SEAL_INTERVAL: '5000' })).toBe(5000);
  });

  it('stops the start on anything else', () => {
    for (const bad of ['ten minutes', '-1m', '1.5m', '5', '10d']) expect(() => sealIntervalFromEnv({ SEAL_INTERVAL: bad })).toThrow(/SEAL_INTERVAL/);
  });
});
