import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { uniqueStreamId } from '@pmt/event-store/testing';
import { verifyChain } from '@pmt/kernel';
import { spawnTs, tempDir, type TsChild } from '@pmt/testing';
import { SqliteEventStore } from './sqlite-event-store';

const CHILD = join(__dirname, 'append-race.child.ts');
const WRONG_EXPECTED_VERSION = 'EVENT_STORE.WRONG_EXPECTED_VERSION';

/**
 * The contract's concurrency tests run in one process, where better-sqlite3 runs each transaction to its end
 * before anything else: they cannot interleave. Here separate processes, each with its own connection to one
 * file, append to the same stream at the same moment, so that the IMMEDIATE transaction and the version check
 * inside it are what keeps the stream right.
 */
describe('SQLite store: several processes appending to one stream at once', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let store: SqliteEventStore;
  let children: TsChild[] = [];

  beforeEach(() => {
    dir = tempDir('pmt-es-race-');
    file = join(dir.path, 'service.db');
    // the schema exists before the racers open the file
    store = SqliteEventStore.open(file);
  });

  afterEach(async () => {
    await Promise.all(children.map((c) => c.kill()));
    children = [];
    await store.close();
    dir.remove();
  });

  /** Starts the racers, lets them go together, and collects what each saw. */
  async function race<R>(count: number, scenario: string, streamId: string, rounds: number): Promise<R[]> {
    children = Array.from({ length: count }, () => spawnTs(CHILD, [file, scenario, streamId, String(rounds)]));
    await Promise.all(children.map((c) => c.line(/^ready$/)));
    for (const c of children) c.child.stdin!.write('go\n');
    const lines = await Promise.all(children.map((c) => c.line(/^result /, 60_000)));
    return lines.map((l) => JSON.parse(l.slice('result '.length)) as R);
  }

  it('lets exactly one append win per expected version, and the losers get a version conflict', async () => {
    const streamId = uniqueStreamId();
    const rounds = 150;
    const results = await race<{ won: number[]; errors: string[] }>(3, 'expected-version', streamId, rounds);

    const won = results.flatMap((r) => r.won).sort((a, b) => a - b);
    const errors = results.flatMap((r) => r.errors);
    // they did interleave: some appends lost a race (else this test would prove nothing)
    expect(errors.length).toBeGreaterThan(0);
    // every failure is the conflict callers handle, never a SQLITE_BUSY or a constraint error
    expect(new Set(errors)).toEqual(new Set([WRONG_EXPECTED_VERSION]));
    // one winner per expected version, and nothing else written
    const events = await store.readStream(streamId);
    expect(new Set(won).size).toBe(won.length);
    expect(events.map((e) => e.streamVersion)).toEqual(events.map((_, i) => i + 1));
    expect(won.reduce((n, v) => n + 1 + (v % 2), 0)).toBe(events.length);
    expect(verifyChain(events)).toEqual({ valid: true, events: events.length, firstInvalidVersion: null });
  }, 90_000);

  it("lets exactly one of several 'no-stream' appends create each stream", async () => {
    const streamId = uniqueStreamId();
    const rounds = 100;
    const results = await race<{ won: number[]; errors: string[] }>(3, 'no-stream', streamId, rounds);
    const won = results.flatMap((r) => r.won).sort((a, b) => a - b);
    expect(won).toEqual(Array.from({ length: rounds }, (_, i) => i));
    expect(results.flatMap((r) => r.errors)).toEqual(Array.from({ length: 2 * rounds }, () => WRONG_EXPECTED_VERSION));
    // they did interleave: each process created some of the streams
    for (const r of results) expect(r.won.length).toBeGreaterThan(0);
    for (let round = 0; round < rounds; round++) expect(await store.streamVersion(`${streamId}-${round}`)).toBe(1);
  }, 90_000);

  it('appends a command sent by several processes at once exactly once, and answers the others with its result', async () => {
    const streamId = uniqueStreamId();
    const rounds = 150;
    const results = await race<{ results: Array<{ round: number; version: number; duplicate: boolean }>; errors: string[] }>(3, 'command-id', streamId, rounds);
    expect(results.flatMap((r) => r.errors)).toEqual([]);

    const byRound = new Map<number, Array<{ version: number; duplicate: boolean }>>();
    for (const r of results.flatMap((x) => x.results)) byRound.set(r.round, [...(byRound.get(r.round) ?? []), r]);
    expect(byRound.size).toBe(rounds);
    for (const answers of byRound.values()) {
      expect(answers).toHaveLength(3);
      expect(answers.filter((a) => !a.duplicate)).toHaveLength(1);
      // every process got the same answer: the version the one append produced
      expect(new Set(answers.map((a) => a.version)).size).toBe(1);
    }
    const events = await store.readStream(streamId);
    expect(events).toHaveLength(rounds);
    expect(verifyChain(events).valid).toBe(true);
    // they did interleave: the first of each command came from different processes
    expect(new Set(events.map((e) => e.actor)).size).toBeGreaterThan(1);
  }, 90_000);
});
