/*
 * One of several processes appending to the same stream of one SQLite file at once (see
 * sqlite-concurrency.int.spec.ts). Writes `ready`, waits for `go` on stdin so that all start together, appends,
 * then writes `result <json>` and exits. Run with @pmt/testing's spawnTs.
 */
import { createInterface } from 'node:readline';
import { isCodedError, newId, type PendingEvent } from '@pmt/kernel';
import { SqliteEventStore } from './sqlite-event-store';

type Scenario = 'expected-version' | 'no-stream' | 'command-id';

const [file, scenario, streamId, roundsText] = process.argv.slice(2) as [string, Scenario, string, string];
const rounds = Number(roundsText);
const store = SqliteEventStore.open(file);

const event = (): PendingEvent => ({
  id: newId(),
  type: 'Raced',
  schemaVersion: 1,
  data: { pid: process.pid },
  actor: `process-${process.pid}`,
  correlationId: newId(),
  causationId: newId(),
  occurredAt: new Date().toISOString(),
});
/**
 * A moment's pause between appends, as a service has between commands. Without it the process that holds the write
 * lock takes it again at once while the others sleep in SQLite's busy handler, and the "race" runs one by one.
 */
const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
const shuffled = (n: number) => Array.from({ length: n }, (_, i) => i).sort(() => Math.random() - 0.5);
const codeOf = (error: unknown) => (isCodedError(error) ? error.code : String((error as { code?: unknown }).code ?? (error as Error).message));

async function race(): Promise<unknown> {
  const won: number[] = [];
  const errors: string[] = [];
  if (scenario === 'expected-version') {
    // read, then append at what was read: another process may append in between, and then exactly one may win
    for (let v = await store.streamVersion(streamId); v < rounds; v = await store.streamVersion(streamId)) {
      await pause();
      try {
        await store.append({ streamId, expectedVersion: v, events: [event(), event()].slice(0, 1 + (v % 2)) });
        won.push(v);
      } catch (error) {
        errors.push(codeOf(error));
      }
    }
    return { won, errors };
  }
  if (scenario === 'no-stream') {
    // each round a new stream, which every process tries to create (in its own order, as below)
    for (const round of shuffled(rounds)) {
      await pause();
      try {
        await store.append({ streamId: `${streamId}-${round}`, expectedVersion: 'no-stream', events: [event()] });
        won.push(round);
      } catch (error) {
        errors.push(codeOf(error));
      }
    }
    return { won, errors };
  }
  // every process sends the same commands, each in its own random order (else the fastest would always come
  // first): each must be appended once, the others answered with its first result
  const results: Array<{ round: number; version: number; duplicate: boolean }> = [];
  for (const round of shuffled(rounds)) {
    await pause();
    try {
      const r = await store.append({ streamId, expectedVersion: 'any', events: [event()], commandId: `${streamId}:command-${round}` });
      results.push({ round, version: r.version, duplicate: r.duplicate });
    } catch (error) {
      errors.push(codeOf(error));
    }
  }
  return { results, errors };
}

process.stdout.write('ready\n');
createInterface({ input: process.stdin }).once('line', () => {
  race().then(
    async (result) => {
      await store.close();
      process.stdout.write(`result ${JSON.stringify(result)}\n`, () => process.exit(0));
    },
    (error: unknown) => {
      process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
      process.exit(1);
    },
  );
});
