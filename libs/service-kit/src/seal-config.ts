type Env = Record<string, string | undefined>;

/** Seals at least this often by default: an insider's rewrite can go unsealed for at most this long. */
export const DEFAULT_SEAL_INTERVAL_MS = 10 * 60_000;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `SEAL_INTERVAL`: `10m`, `30s`, `1h`, `500ms`, or a whole number of milliseconds; at least 10 ms. */
export function sealIntervalFromEnv(env: Env = process.env): number {
  const raw = env.SEAL_INTERVAL?.trim();
  if (!raw) return DEFAULT_SEAL_INTERVAL_MS;
  const match = /^(\d+)(ms|s|m|h)?$/.exec(raw);
  const ms = match ? Number(match[1]) * UNITS[match[2] ?? 'ms'] : NaN;
  if (!Number.isSafeInteger(ms) || ms < 10) throw new Error(`SEAL_INTERVAL must be a duration such as 10m, 30s or 600000 (ms), at least 10 ms; got "${raw}"`);
  return ms;
}
