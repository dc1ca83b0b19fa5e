import { performance } from 'node:perf_hooks';
import { newId } from '@pmt/kernel';
import { fill } from './history.bench';
import { line, record } from './report';
import { median, ratio } from './stats';

export const LONG_STREAM_EVENTS = 10_000;
const WARMUP = 5;
const RUNS = 40;
const TARGET_RATIO = 1.5;

/** Writes a 10,000-event active MOU (one KPI report an hour, ending about now) into mous.sqlite before the stack starts. */
export async function fillLongMou(file: string): Promise<string> {
  const mouId = newId();
  const start = Date.now() - (LONG_STREAM_EVENTS + 48) * 3_600_000;
  await fill(file, mouId, LONG_STREAM_EVENTS, start);
  return mouId;
}

/**
 * The same command (a KPI report), one at a time, alternating between the long MOU and a fresh one, so both see
 * the same machine; medians after a few warm-up commands each (the first command on a stream reads it whole).
 */
export async function benchStreamLength(longId: string, freshId: string, report: (mouId: string, i: number) => Promise<unknown>): Promise<void> {
  const long: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [id, times] of [
      [longId, long],
      [freshId, fresh],
    ] as const) {
      const t = performance.now();
      await report(id, i);
      if (i >= WARMUP) times.push(performance.now() - t);
    }
  }
  const l = median(long);
  const f = median(fresh);
  const r = ratio(l, f);
  line(
    `  KPI report, one at a time, median of ${RUNS}: ${l.toFixed(2)} ms on a ${LONG_STREAM_EVENTS.toLocaleString('en-US')}-event MOU, ${f.toFixed(2)} ms on a fresh one`,
  );
  record({
    part: '2e',
    name: `a command on a ${LONG_STREAM_EVENTS.toLocaleString('en-US')}-event stream vs on a fresh stream (kpi-progress, sequential, median)`,
    value: `${l.toFixed(1)} ms`,
    baseline: `fresh stream ${f.toFixed(1)} ms`,
    ratio: r.toFixed(2),
    target: `ratio <= ${TARGET_RATIO}`,
    met: r <= TARGET_RATIO,
  });
}
