import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';
import { AggregateHistory, exportClosing, loadSealKey, Sealer, StreamSeals, type AggregateDefinition } from '@pmt/event-sourcing';
import { openDatabase, SqliteEventStore, SqliteSealStore } from '@pmt/event-store-sqlite';
import { newId, systemClock, verifyChain, type DomainEvent } from '@pmt/kernel';
import { onCleanup } from './cleanup';
import { longMouLife, pendingEvents } from './mou-workload';
import { heading, line, record } from './report';
import { int, median } from './stats';
import { tempDir } from './testing';

const EVENTS = 20_000;
const RUNS = 5;

/** The export reads stored events only; it needs the category, not the MOU's decider. */
const BARE_MOU: AggregateDefinition<never, DomainEvent, Record<string, never>> = {
  category: 'mou',
  collection: 'mous',
  decider: { initialState: () => ({}), evolve: (s) => s, decide: () => [] },
};

/** Verify of a sealed 20,000-event MOU stream: the chain, every sealed hash and the seal, against reading the rows. */
export async function benchSealVerify(): Promise<void> {
  heading(`9. Verify of a sealed MOU stream of ${int(EVENTS)} events (chain + sealed hashes + seal signature and root)`);
  const dir = tempDir('pmt-bench-seal-');
  const removeDir = onCleanup(() => dir.remove());
  const db = openDatabase(join(dir.path, 'mous.sqlite'));
  const sealDb = openDatabase(join(dir.path, 'mous-seals.sqlite'));
  const closeDb = onCleanup(() => {
    db.close();
    sealDb.close();
  });
  try {
    const store = new SqliteEventStore(db);
    const mouId = newId();
    const streamId = `mou-${mouId}`;
    let version = 0;
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

    const key = loadSealKey(join(dir.path, 'keys', 'mous-seal.key.pem'), { generate: true });
    const sealStore = new SqliteSealStore(sealDb);
    let t = performance.now();
    const { seal } = await new Sealer({ service: 'mous', events: store, seals: sealStore, key }).seal();
    const sealMs = performance.now() - t;
    if (!seal) throw new Error('nothing was sealed');
    const seals = new StreamSeals(sealStore, key.publicKey, key.keyId, key.publicKeyPem);

    const verifyTimes: number[] = [];
    const readTimes: number[] = [];
    const chainTimes: number[] = [];
    let events = 0;
    for (let run = 0; run <= RUNS; run++) {
      t = performance.now();
      const all = await store.readStream(streamId);
      const result = await seals.verify(streamId, all);
      const total = performance.now() - t;
      if (!result.valid || result.sealedVersion !== version) throw new Error(`verify answered ${JSON.stringify(result)}`);
      events = result.events;
      t = performance.now();
      const raw = db.prepare('SELECT * FROM es_events WHERE stream_id = ? ORDER BY stream_version').raw().all(streamId);
      const read = performance.now() - t;
      if (raw.length !== events) throw new Error('raw read disagrees');
      t = performance.now();
      verifyChain(all);
      const chain = performance.now() - t;
      if (run === 0) continue; // warm-up
      verifyTimes.push(total);
      readTimes.push(read);
      chainTimes.push(chain);
    }
    const ms = median(verifyTimes);
    const rate = (events / ms) * 1000;
    line(`  first seal of the stream (reads it, checks its chain, records ${int(events)} sealed hashes, signs): ${sealMs.toFixed(0)} ms`);
    line(`  verify (readStream + chain + sealed hashes + seal): median ${ms.toFixed(0)} ms of ${RUNS} runs = ${int(Math.round(rate))} events/s`);
    line(`  parts (medians): raw SELECT of the rows ${median(readTimes).toFixed(0)} ms; chain check alone ${median(chainTimes).toFixed(0)} ms`);

    // the offline verifier on the same history, as an auditor runs it on an export the service wrote: the file comes
    // from the export code the service runs (exportChunk, the trailer of its last piece), checked byte for byte
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { verifyExportFile } = require(resolve(__dirname, '../../../scripts/verify-export.js')) as {
      verifyExportFile: (raw: Buffer) => { valid: boolean; version?: number | null; problem?: string };
    };
    const history = new AggregateHistory(store, BARE_MOU, 'MOU', systemClock, seals);
    t = performance.now();
    let piece = await history.exportChunk(mouId, 'json');
    let text = piece.chunk;
    while (piece.nextCursor) {
      piece = await history.exportChunk(mouId, 'json', piece.nextCursor);
      text += piece.chunk;
    }
    if (!piece.trailer) throw new Error('the last piece of the export has no trailer');
    const raw = Buffer.from(text + exportClosing(piece.trailer), 'utf8');
    const exportMs = performance.now() - t;
    t = performance.now();
    const offline = verifyExportFile(raw);
    const offlineMs = performance.now() - t;
    if (!offline.valid) throw new Error(`the offline verifier refused the export: version ${offline.version}: ${offline.problem}`);
    line(`  export (exportChunk pieces + trailer, ${(raw.length / 1e6).toFixed(1)} MB): ${exportMs.toFixed(0)} ms`);
    line(
      `  offline verifier (scripts/verify-export.js, verifyExportFile) on that file, ${int(events)} events: ${offlineMs.toFixed(0)} ms = ${int(Math.round((events / offlineMs) * 1000))} events/s`,
    );
    record({
      part: '9',
      name: `verify of a sealed ${int(EVENTS)}-event stream (median)`,
      value: `${int(Math.round(rate))} events/s`,
      baseline: `${median(readTimes).toFixed(0)} ms raw read`,
      ratio: '',
      target: '',
      met: null,
    });
    await store.close();
  } finally {
    await closeDb();
    await removeDir();
  }
}
