// Loaded into each service process with NODE_OPTIONS=--require by bench part 2 (BENCH_LOOP_STATS_DIR set): every
// second it appends how late the process's event loop ran and how long garbage collection paused it, so that a
// latency figure can be told apart into waiting for the CPU, long tasks and GC pauses (loop-stats.ts reads them).
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const dir = process.env.BENCH_LOOP_STATS_DIR;
if (dir) {
  const name = process.argv[1]?.split('/').slice(-3, -2)[0] ?? 'node';
  const file = join(dir, `${name}.jsonl`);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let gc = { count: 0, ms: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.ms += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const second = { at: Date.now(), loopP99Ms: delay.percentile(99) / 1e6, loopMaxMs: delay.max / 1e6, gcCount: gc.count, gcMs: gc.ms, gcMaxMs: gc.maxMs };
    appendFileSync(file, `${JSON.stringify(second)}\n`);
    delay.reset();
    gc = { count: 0, ms: 0, maxMs: 0 };
  }, 1000).unref();
}
