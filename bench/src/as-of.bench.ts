import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AggregateHistory, foldEvents } from '@pmt/event-sourcing';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { newId } from '@pmt/kernel';
import { mouAggregate } from '../../services/mous/src/mous.definition';
import { onCleanup } from './cleanup';
import { longMouLife, pendingEvents } from './mou-workload';
import { heading, line, record } from './report';
import { int, median } from './stats';
import { tempDir } from './testing';

const EVENTS = 10_000;
const RUNS = 9;
const TARGET_MS = 50;

export async function benchAsOf(): Promise<void> {
  heading(`4. As-of rebuild: AggregateHistory.stateAt(id, { asOf }) on one MOU stream of ${int(EVENTS)} events`);
  const dir = tempDir('pmt-bench-asof-');
  const removeDir = onCleanup(() => dir.remove());
  const db = openDatabase(join(dir.path, 'mous.sqlite'));
  const closeDb = onCleanup(() => void db.close());
  try {
    const store = new SqliteEventStore(db);
    const mouId = newId();
    const streamId = `mou-${mouId}`;
    let version = 0;
    // one append per command, as the service makes them; outer transactions only spare the fill an fsync each
    db.exec('BEGIN');
    for (const decided of longMouLife(mouId, EVENTS, Date.parse('2020-01-06T02:00:00Z'))) {
      const commandId = newId();
      await store.append({ streamId, expectedVersion: version, commandId, events: pendingEvents(decided.events, decided.now, commandId) });
      version += decided.events.length;
      if (version % 1000 < decided.events.length) {
        db.exec('COMMIT');
        db.exec('BEGIN');
      }
    }
    db.exec('COMMIT');

    const all = await store.readStream(streamId);
    const middle = all[Math.floor(all.length / 2) - 1];
    const asOf = middle.occurredAt;
    line(
      `  ${int(all.length)} events (${all.filter((e) => e.type === 'KpiProgressReported').length} KpiProgressReported, 2 KPIs), one an hour from ${all[0].occurredAt}; asOf ${asOf} (version ${middle.streamVersion})`,
    );

    const history = new AggregateHistory(store, mouAggregate, 'MOU');
    const check = await history.stateAt(mouId, { asOf });
    if (check.version !== middle.streamVersion) throw new Error(`stateAt answered version ${check.version}, expected ${middle.streamVersion}`);

    const times: number[] = [];
    const readTimes: number[] = [];
    const prefixReadTimes: number[] = [];
    const foldTimes: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      let t = performance.now();
      await history.stateAt(mouId, { asOf });
      const total = performance.now() - t;
      // The parts, for what dominates: reading the whole stream, reading only the prefix, folding the prefix.
      t = performance.now();
      await store.readStream(streamId);
      const read = performance.now() - t;
      t = performance.now();
      const prefix = await store.readStream(streamId, { asOf });
      const prefixRead = performance.now() - t;
      t = performance.now();
      foldEvents(mouAggregate, prefix);
      const fold = performance.now() - t;
      if (run === 0) continue; // warm-up
      times.push(total);
      readTimes.push(read);
      prefixReadTimes.push(prefixRead);
      foldTimes.push(fold);
    }
    const ms = median(times);
    line(`  stateAt: median ${ms.toFixed(1)} ms of ${RUNS} runs (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
    line(
      `  parts (medians): readStream of all ${int(all.length)} events ${median(readTimes).toFixed(1)} ms; readStream with asOf (prefix only) ${median(prefixReadTimes).toFixed(1)} ms; fold of the prefix ${median(foldTimes).toFixed(1)} ms`,
    );
    record({
      part: '4',
      name: `as-of state of a ${int(EVENTS)}-event stream (median)`,
      value: `${ms.toFixed(1)} ms`,
      baseline: '',
      ratio: '',
      target: `< ${TARGET_MS} ms`,
      met: ms < TARGET_MS,
    });
    await store.close();
  } finally {
    await closeDb();
    await removeDir();
  }
}
