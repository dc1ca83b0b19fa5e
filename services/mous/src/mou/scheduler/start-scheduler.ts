import type { ServiceRuntime } from '@pmt/service-kit';
import type { MouCommand, MouEvent, MouState } from '../index';
import { MouScheduler } from './mou-scheduler';

export function startScheduler(runtime: ServiceRuntime): () => Promise<void> {
  const scheduler = new MouScheduler(
    runtime.endpoint<MouCommand, MouEvent, MouState>('mou'),
    runtime.clock,
    Number(process.env.SCHEDULER_INTERVAL_MS ?? 60_000),
  );
  scheduler.start();
  return () => scheduler.stop();
}
