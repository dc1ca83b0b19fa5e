import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { handleCommand } from '@pmt/event-sourcing';
import { SqliteEventStore } from '@pmt/event-store-sqlite';
import { newId, officeDate } from '@pmt/kernel';
import { mouAggregate } from '../../services/mous/src/mous.definition';
import { fill } from './history.bench';
import { line, record } from './report';
import { median, ratio } from './stats';

export const LONG_STREAM_EVENTS = 10_000;
const WARMUP = 5;
const RUNS = 40;
const TARGET_RATIO = 1.5;

/** Writes a 10,000-event active MOU (one KPI report an hour, ending about now) into mous.sqlite before the stack starts. */
export async function fillLongMou(file: string, events = LONG_STREAM_EVENTS): Promise<string> {
  const mouId = newId();
  const start = Date.now() - (events + 48) * 3_600_000;
  await fill(file, mouId, events, start);
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

/**
 * (context) The command path alone, in-process: handleCommand (read what is new, decide, append with its fsync)
 * on the long MOU and on a fresh one, alternating, without the projection, the reply or the transport. Shows
 * what the kept decider states make flat, apart from the read model document, which grows with every report.
 */
export async function benchCommandPath(dir: string): Promise<void> {
  const file = join(dir, 'command-path.sqlite');
  const longId = await fillLongMou(file);
  const freshId = await fillLongMou(file, 6);
  const store = SqliteEventStore.open(file);
  const long: number[] = [];
  const fresh: number[] = [];
  try {
    for (let i = 0; i < WARMUP + RUNS; i++) {
      for (const [id, times] of [
        [longId, long],
        [freshId, fresh],
      ] as const) {
        const now = new Date().toISOString();
        const today = officeDate(now);
        const t = performance.now();
        await handleCommand(
          store,
          mouAggregate,
          id,
          { type: 'ReportKpiProgress', now, today, data: { kpiId: 'kpi-1', value: i, reportedOn: today, note: null } },
          { commandId: newId(), actor: 'officer@bench.example', correlationId: newId(), now },
        );
        if (i >= WARMUP) times.push(performance.now() - t);
      }
    }
  } finally {
    await store.close();
  }
  const l = median(long);
  const f = median(fresh);
  line(`  (context) handleCommand in-process, median of ${RUNS}: ${l.toFixed(2)} ms on the long MOU, ${f.toFixed(2)} ms on a fresh one`);
  record({
    part: '2e',
    name: `(context) handleCommand alone in-process (read new events, decide, append + fsync), ${LONG_STREAM_EVENTS.toLocaleString('en-US')}-event vs fresh stream`,
    value: `${l.toFixed(2)} ms`,
    baseline: `fresh stream ${f.toFixed(2)} ms`,
    ratio: ratio(l, f).toFixed(2),
    target: '',
    met: null,
  });
}
