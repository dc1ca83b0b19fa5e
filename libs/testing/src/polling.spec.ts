import { describe, expect, it } from '@jest/globals';
import { eventually, sleep, until } from './polling';

describe('polling helpers', () => {
  it('eventually answers the first value that is done, reading again meanwhile', async () => {
    let n = 0;
    await expect(
      eventually(
        () => ++n,
        (v) => v === 3,
        { intervalMs: 1 },
      ),
    ).resolves.toBe(3);
  });

  it('eventually answers the last value when time runs out, and throws instead when told what it waits for', async () => {
    await expect(
      eventually(
        () => 'no',
        (v) => v === 'yes',
        { timeoutMs: 20, intervalMs: 5 },
      ),
    ).resolves.toBe('no');
    await expect(
      eventually(
        () => 'no',
        (v) => v === 'yes',
        { timeoutMs: 20, intervalMs: 5, what: 'a yes' },
      ),
    ).rejects.toThrow('timed out waiting for a yes; last: "no"');
  });

  it('until resolves once the check holds, and throws naming what it waited for', async () => {
    const started = Date.now();
    await until(() => Date.now() - started >= 20, { intervalMs: 5 });
    await expect(until(async () => false, { timeoutMs: 20, intervalMs: 5, what: 'never' })).rejects.toThrow('timed out waiting for never');
    await sleep(1);
  });
});
