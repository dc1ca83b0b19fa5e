import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { connectNats, EventRelay, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { newId } from '@pmt/kernel';
import type { NatsConnection } from 'nats';
import { onCleanup } from './cleanup';
import { longMouLife, pendingEvents } from './mou-workload';
import { cpuSeconds } from './product.bench';
import { heading, line, record } from './report';
import { int } from './stats';
import { startNatsServer, tempDir } from './testing';

const EVENTS = Number(process.env.BENCH_RELAY_EVENTS ?? 100_000);
const MOUS = 10;
/** One at a time is slow: the baseline publishes only the last events of the store. */
const SERIAL_EVENTS = 10_000;
/** Issue 13: relays publish at 10,000 events/s or more. */
const RELAY_TARGET = 10_000;
const TIMEOUT_MS = 15 * 60_000;

const quiet: MessagingLogger = { log: () => undefined, warn: (m) => line(`    relay: ${m}`), error: (m) => line(`    relay: ${m}`) };

/**
 * Part 6r: the relay alone, in this process, publishing a backlog of stored MOU events from a SQLite store to JetStream
 * (file storage), against the same relay sending one event per round trip (a window of 1, what it did before).
 * Part 6a's relay figure counts from startStack, so it includes the services' start; this one counts the relay only.
 */
export async function benchRelay(): Promise<void> {
  heading(`6r. EventRelay alone: a ${int(EVENTS)}-event backlog in SQLite published to JetStream (BENCH_RELAY_EVENTS)`);
  const dir = tempDir('pmt-bench-relay-');
  const removeDir = onCleanup(() => dir.remove());
  const nats = await startNatsServer();
  const stopNats = onCleanup(() => nats.stop());
  const db = openDatabase(join(dir.path, 'mous.sqlite'));
  const closeDb = onCleanup(() => void db.close());
  // the services' connection options (connectNats), as the relay runs in them
  const nc = await connectNats(nats.url, 'bench-relay', { logger: quiet });
  const closeNc = onCleanup(() => nc.close());
  try {
    const store = new SqliteEventStore(db);
    const t = performance.now();
    db.exec('BEGIN');
    let written = 0;
    for (let m = 0; m < MOUS; m++) {
      const mouId = newId();
      let version = 0;
      for (const decided of longMouLife(mouId, Math.ceil(EVENTS / MOUS), Date.parse('2020-01-06T02:00:00Z'))) {
        const commandId = newId();
        await store.append({ streamId: `mou-${mouId}`, expectedVersion: version, commandId, events: pendingEvents(decided.events, decided.now, commandId) });
        version += decided.events.length;
        written += decided.events.length;
        if (written % 1000 < decided.events.length) {
          db.exec('COMMIT');
          db.exec('BEGIN');
        }
      }
    }
    db.exec('COMMIT');
    const head = await store.headPosition();
    line(`  ${int(head)} events written in ${((performance.now() - t) / 1000).toFixed(1)} s (${MOUS} MOUs)`);

    const natsPid = Number(/^nats-server_(\d+)\.ports$/.exec(readdirSync(nats.storeDir).find((f) => f.startsWith('nats-server_')) ?? '')?.[1]);
    const cpu = () => ({ relay: cpuSeconds(process.pid), nats: cpuSeconds(natsPid) });
    const cpuBefore = cpu();
    const windowed = await publishAll(nc, store, 'mous', head, 0);
    const cpuAfter = cpu();
    const serialFrom = Math.max(0, head - SERIAL_EVENTS);
    const serial = await publishAll(nc, store, 'serial', head, serialFrom, 1);
    const rate = (head / windowed) * 1000;
    const serialRate = ((head - serialFrom) / serial) * 1000;
    line(`  window of 256 (the relay's default): ${int(head)} events in ${(windowed / 1000).toFixed(1)} s`);
    const share = (k: 'relay' | 'nats') => Math.round(((cpuAfter[k] - cpuBefore[k]) / (windowed / 1000)) * 100);
    const perEvent = (k: 'relay' | 'nats') => (((cpuAfter[k] - cpuBefore[k]) / head) * 1e6).toFixed(0);
    line(
      `    CPU meanwhile, in % of one core (µs per event): relay process ${share('relay')}% (${perEvent('relay')}), nats-server ${share('nats')}% (${perEvent('nats')})`,
    );
    line(`  one at a time (windowSize 1): the last ${int(head - serialFrom)} events in ${(serial / 1000).toFixed(1)} s`);
    record({
      part: '6r',
      name: `EventRelay publishing a ${int(head)}-event backlog (SQLite → JetStream, in-process)`,
      value: `${int(rate)} events/s`,
      baseline: `one event per round trip ${int(serialRate)}/s`,
      ratio: (rate / serialRate).toFixed(1),
      target: `>= ${int(RELAY_TARGET)}/s`,
      met: rate >= RELAY_TARGET,
    });
    await store.close();
  } finally {
    await closeNc();
    await closeDb();
    await stopNats();
    await removeDir();
  }
}

/** Starts a relay at `after` and answers the milliseconds until JetStream acknowledged everything up to `head`. */
async function publishAll(nc: NatsConnection, store: SqliteEventStore, service: string, head: number, after: number, windowSize?: number): Promise<number> {
  const checkpoints = new InMemoryCheckpointStore();
  await checkpoints.save(`relay:${service}`, after);
  const relay = new EventRelay({ nc, service, store, checkpoints, logger: quiet, ...(windowSize !== undefined && { windowSize }) });
  const t = performance.now();
  await relay.start();
  try {
    while (relay.position < head) {
      if (performance.now() - t > TIMEOUT_MS) throw new Error(`relay ${service} at ${relay.position} of ${head} after ${TIMEOUT_MS / 1000} s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return performance.now() - t;
  } finally {
    await relay.stop();
  }
}
