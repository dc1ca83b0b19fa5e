import { describe, expect, it } from '@jest/globals';
import { intervalFromEnv, PeriodicPass } from './periodic-pass';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('a periodic pass', () => {
  it('never runs two passes at a time: a tick while one runs joins it', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const pass = new PeriodicPass('test', () => new Promise<number>((r) => (release = () => r(++runs))), 60_000, silent);
    const a = pass.tick();
    const b = pass.tick();
    release();
    expect(await Promise.all([a, b])).toEqual([1, 1]);
    const c = pass.tick();
    release();
    expect(await c).toBe(2);
    await pass.stop();
  });

  it('logs a failed pass and runs the next one; after stop it runs none', async () => {
    const errors: string[] = [];
    let fail = true;
    const pass = new PeriodicPass('test', async () => (fail ? Promise.reject(new Error('store away')) : 'ok'), 60_000, {
      ...silent,
      error: (m: string) => void errors.push(m),
    });
    expect(await pass.tick()).toBeUndefined();
    expect(errors).toEqual(['test pass failed: store away']);
    fail = false;
    expect(await pass.tick()).toBe('ok');
    await pass.stop();
    expect(await pass.tick()).toBeUndefined();
  });

  it('takes its interval from the environment, refusing anything but whole milliseconds', () => {
    expect(intervalFromEnv('WORKFLOWS_INTERVAL_MS', 60_000, {})).toBe(60_000);
    expect(intervalFromEnv('WORKFLOWS_INTERVAL_MS', 60_000, { WORKFLOWS_INTERVAL_MS: '500' })).toBe(500);
    expect(() => intervalFromEnv('WORKFLOWS_INTERVAL_MS', 60_000, { WORKFLOWS_INTERVAL_MS: 'soon' })).toThrow(
      'WORKFLOWS_INTERVAL_MS must be a whole number of milliseconds',
    );
  });
});
