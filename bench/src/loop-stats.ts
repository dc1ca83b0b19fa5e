import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One second of one process, as loop-stats-preload.ts writes it. */
interface Second {
  at: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcCount: number;
  gcMs: number;
  gcMaxMs: number;
}

/**
 * Per process, over the seconds that ended within [fromMs, toMs] (epoch ms): the worst second's event-loop delay
 * p99 and max, and the GC pauses (count, time in all as a share of the window, longest).
 */
export function loopStats(dir: string, fromMs: number, toMs: number): string {
  if (!existsSync(dir)) return 'no event-loop figures';
  const parts = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((file) => {
      const seconds = readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Second)
        .filter((s) => s.at > fromMs + 1000 && s.at <= toMs);
      if (seconds.length === 0) return null;
      const worst = (f: (s: Second) => number) => Math.max(...seconds.map(f));
      const sum = (f: (s: Second) => number) => seconds.reduce((a, s) => a + f(s), 0);
      const share = (sum((s) => s.gcMs) / (seconds.length * 1000)) * 100;
      return (
        `${file.replace(/\.jsonl$/, '')} loop p99 ≤ ${worst((s) => s.loopP99Ms).toFixed(0)} ms (max ${worst((s) => s.loopMaxMs).toFixed(0)}), ` +
        `GC ${sum((s) => s.gcCount)} pauses, ${share.toFixed(1)} % of the time, longest ${worst((s) => s.gcMaxMs).toFixed(0)} ms`
      );
    })
    .filter((p): p is string => p !== null);
  return parts.length ? parts.join('; ') : 'no event-loop figures in that window';
}
