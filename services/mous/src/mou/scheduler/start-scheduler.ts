import { intervalFromEnv, type ServiceRuntime } from '@pmt/service-kit';
import { DEFAULT_BACKFILL_QUIET_MS, type MouCommand, type MouEvent, type MouState, type MouView } from '../index';
import { MouScheduler } from './mou-scheduler';

export function startScheduler(runtime: ServiceRuntime): () => Promise<void> {
  const scheduler = new MouScheduler(
    runtime.endpoint<MouCommand, MouEvent, MouState, MouView>('mou'),
    runtime.clock,
    Number(process.env.SCHEDULER_INTERVAL_MS ?? 60_000),
    { events: runtime.stores.events, quietMs: intervalFromEnv('BACKFILL_QUIET_MS', DEFAULT_BACKFILL_QUIET_MS) },
  );
  scheduler.start();
  return () => scheduler.stop();
}
