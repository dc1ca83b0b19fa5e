import { performance } from 'node:perf_hooks';
import { percentile, sortedCopy } from './stats';

export interface LoadResult {
  completed: number;
  /** Every call made, warm-up and errors included (what the system worked for). */
  issued: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  /** Completed calls per second. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
  /** Open loop only: how late the client sent, p99 (ms); large values mean the client could not keep up. */
  sendLagP99?: number;
}

type Call = (index: number, worker: number) => Promise<unknown>;

function summarise(latencies: number[], issued: number, errors: number, firstError: string | null, seconds: number): LoadResult {
  const sorted = sortedCopy(latencies);
  return {
    completed: latencies.length,
    issued,
    errors,
    firstError,
    seconds,
    rate: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
}

const message = (e: unknown) => String((e as Error)?.message ?? e).slice(0, 300);

/**
 * Closed loop: `workers` callers, each sending its next call as soon as the previous one answered. Calls that
 * complete during the warm-up are not counted; the measured window is the `durationMs` after it.
 */
export async function closedLoop(workers: number, warmupMs: number, durationMs: number, call: Call): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const measureTo = measureFrom + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let index = 0;
  const worker = async (w: number) => {
    while (performance.now() < measureTo) {
      const t0 = performance.now();
      try {
        await call(index++, w);
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= measureTo) latencies.push(t1 - t0);
      } catch (e) {
        if (performance.now() >= measureFrom) errors++;
        firstError ??= message(e);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return summarise(latencies, index, errors, firstError, durationMs / 1000);
}

/**
 * Open loop: calls are sent on a fixed schedule (`rate` per second), whether or not earlier ones have answered,
 * so a slow answer cannot slow the offered load down. Latency is from the moment a call was sent.
 */
export async function openLoop(rate: number, warmupMs: number, durationMs: number, call: Call): Promise<LoadResult> {
  const interval = 1000 / rate;
  const total = Math.round((rate * (warmupMs + durationMs)) / 1000);
  const warmupCalls = Math.round((rate * warmupMs) / 1000);
  const latencies: number[] = [];
  const lags: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();
  let sent = 0;
  let firstMeasuredSend = NaN;
  let lastMeasuredAnswer = NaN;
  const fire = (i: number, due: number) => {
    const t0 = performance.now();
    const measured = i >= warmupCalls;
    if (measured) lags.push(t0 - due);
    if (i === warmupCalls) firstMeasuredSend = t0;
    const p = call(i, 0).then(
      () => {
        if (!measured) return;
        lastMeasuredAnswer = performance.now();
        latencies.push(lastMeasuredAnswer - t0);
      },
      (e) => {
        if (measured) errors++;
        firstError ??= message(e);
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        fire(sent, start + sent * interval);
        sent++;
      }
      if (sent >= total) return resolve();
      // Timers wake ~1 ms late at best; spinning instead would steal a core from the system under test.
      setTimeout(tick, Math.max(1, Math.round(start + sent * interval - performance.now())));
    };
    tick();
  });
  await Promise.all([...inFlight]);
  // Answered per second from the first measured send to the last answer: below the offered rate when the
  // system cannot keep up (the backlog then drains after the schedule has ended).
  const span = lastMeasuredAnswer - firstMeasuredSend;
  const seconds = (Number.isNaN(span) ? durationMs : Math.max(durationMs, span)) / 1000;
  const result = summarise(latencies, sent, errors, firstError, seconds);
  result.sendLagP99 = percentile(sortedCopy(lags), 99);
  return result;
}

export function describe(r: LoadResult): string {
  const errors = r.errors ? `, ${r.errors} errors (first: ${r.firstError})` : '';
  const lag = r.sendLagP99 !== undefined ? `, client send lag p99 ${r.sendLagP99.toFixed(2)} ms` : '';
  return `${Math.round(r.rate).toLocaleString('en-US')}/s over ${r.seconds.toFixed(1)} s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, max ${r.max.toFixed(1)} ms${errors}${lag}`;
}
