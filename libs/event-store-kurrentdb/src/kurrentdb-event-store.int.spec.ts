import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventStoreContract, pendingEvent, uniqueStreamId } from '@pmt/event-store/testing';
import { newId } from '@pmt/kernel';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { KurrentDbEventStore } from './kurrentdb-event-store';

const IMAGE = 'docker.kurrent.io/kurrent-latest/kurrentdb:25.1';
const HTTP_PORT = 2113;

/**
 * jest collects describe blocks synchronously, so the async containerRuntimeAvailable() of @pmt/testing
 * cannot decide the skip; the same testcontainers probe runs in a child process instead, bounded to 2 s.
 */
function containerRuntimeAvailableSync(): boolean {
  const probe = `require(${JSON.stringify(require.resolve('testcontainers'))}).getContainerRuntimeClient().then(() => process.exit(0), () => process.exit(1))`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: 2000 });
    return true;
  } catch {
    return false;
  }
}

const givenUrl = process.env.KURRENTDB_URL;

if (!givenUrl && !containerRuntimeAvailableSync()) {
  const why = 'KurrentDB contract skipped: no KURRENTDB_URL and no container runtime';
  // jest prints nothing for a suite whose tests are all skipped, so the reason goes to stderr as one line.
  process.stderr.write(`${why}\n`);
  it.skip(why, () => undefined);
} else {
  let connectionString = givenUrl ?? '';
  let container: StartedTestContainer | undefined;

  beforeAll(async () => {
    if (connectionString) return;
    container = await new GenericContainer(IMAGE)
      .withEnvironment({
        KURRENTDB_INSECURE: 'true',
        KURRENTDB_RUN_PROJECTIONS: 'All',
        KURRENTDB_START_STANDARD_PROJECTIONS: 'true',
        KURRENTDB_MEM_DB: 'true',
      })
      .withExposedPorts(HTTP_PORT)
      .withWaitStrategy(Wait.forHttp('/health/live', HTTP_PORT).forStatusCodeMatching((status) => status >= 200 && status < 300))
      .withStartupTimeout(180_000)
      .start();
    connectionString = `kurrentdb://${container.getHost()}:${container.getMappedPort(HTTP_PORT)}?tls=false`;
  }, 240_000);

  afterAll(async () => {
    await container?.stop();
  }, 60_000);

  eventStoreContract('KurrentDB', async () => {
    const store = KurrentDbEventStore.connect(connectionString);
    return { store, cleanup: () => store.close() };
  });

  describe('KurrentDbEventStore', () => {
    it('leaves system streams and its command records out of $all reads', async () => {
      const store = KurrentDbEventStore.connect(connectionString);
      try {
        const head = await store.headPosition();
        const streamId = uniqueStreamId();
        const result = await store.append({ streamId, expectedVersion: 'no-stream', events: [pendingEvent()], commandId: newId() });
        const events = await store.readAll({ after: 0, limit: 10_000 });
        expect(events.some((e) => e.streamId.startsWith('$') || e.streamId.startsWith('command-') || e.type.startsWith('$'))).toBe(false);
        expect(events.filter((e) => e.globalPosition > head).map((e) => e.streamId)).toEqual([streamId]);
        expect(await store.headPosition()).toBe(result.position);
      } finally {
        await store.close();
      }
    });

    it('refuses stream ids that belong to the store', async () => {
      const store = KurrentDbEventStore.connect(connectionString);
      try {
        for (const streamId of ['$ce-mou', `command-${newId()}`]) {
          await expect(store.append({ streamId, expectedVersion: 'any', events: [pendingEvent()] })).rejects.toMatchObject({
            code: 'EVENT_STORE.INVALID_STREAM',
          });
        }
      } finally {
        await store.close();
      }
    });
  });
}
