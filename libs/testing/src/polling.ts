export interface PollOptions {
  /** How long to keep trying. Default 15 s. */
  timeoutMs?: number;
  /** Pause between tries. Default 50 ms. */
  intervalMs?: number;
  /** What is awaited: when given, running out of time throws `timed out waiting for <what>` (with the last value read). */
  what?: string;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Reads until `done(value)` holds. Without `what`, answers the last value read even when time runs out, so that the
 * test's own assertion shows what it got; with `what`, running out of time throws.
 */
export async function eventually<T>(read: () => T | Promise<T>, done: (value: T) => boolean, options: PollOptions = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 50, what } = options;
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) {
      if (what === undefined) return value;
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    }
    await sleep(intervalMs);
    value = await read();
  }
  return value;
}

/** Waits until `check()` holds; running out of time throws `timed out waiting for <what>`. */
export async function until(check: () => boolean | Promise<boolean>, options: PollOptions = {}): Promise<void> {
  const { timeoutMs = 15_000, intervalMs = 50, what = 'a condition' } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}
