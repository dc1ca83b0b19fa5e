/*
 * The notifications service's store and dispatcher in a process of their own, for the test that kills it with
 * SIGKILL mid-stream (notification-dispatcher.int.spec.ts). Args: DATA_DIR, SMTP URL, the instant its clock stands at.
 * Writes `started` once the dispatcher runs; it never stops by itself.
 */
import { ManualClock } from '@pmt/kernel';
import { serviceConfigFromEnv, ServiceRuntime } from '@pmt/service-kit';
import { notificationsDefinition } from '../../notifications.definition';
import { createDispatcher } from './start-dispatcher';

const [dataDir, smtpUrl, now] = process.argv.slice(2);

async function main(): Promise<void> {
  const runtime = await ServiceRuntime.open(serviceConfigFromEnv('notifications', { DATA_DIR: dataDir }), notificationsDefinition, new ManualClock(now));
  await runtime.start({ relay: false });
  const { dispatcher } = createDispatcher(
    runtime,
    {
      intervalMs: 20,
      retry: { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 3 },
      deliveryTimeoutMs: 5_000,
      attemptLeaseMs: 60_000,
      resendUncertain: true,
      concurrency: 3,
      smtpUrl,
      smtpFrom: 'Partnership Office <partnerships@step.example>',
    },
    [],
  );
  dispatcher.start();
  process.stdout.write('started\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
