import { connectNats } from '@pmt/messaging';
import { intervalFromEnv, loadWorkflowsConfig, PeriodicPass, startWorkflowConsumer, type ServiceRuntime } from '@pmt/service-kit';
import { EVENTS_WORKFLOW_CATEGORY } from '../workflows.projection';
import { ActivityPlanner } from './activity-planner';
import { KickoffReaction } from './kickoff-reaction';
import { RenewalReviewScheduler } from './renewal-scheduler';

/** Durable consumer of the mous service's events (`<service>-workflow-<source>`): mirror, then the kickoff reaction. */
export const EVENTS_MOUS_DURABLE = 'events-workflow-mous';

/**
 * The events service's workflows (docs/workflows.md): kickoff on MOU activation, renewal review before a term
 * ends. Background work of the events service; answers its stop function. Refuses to start on a bad
 * WORKFLOWS_CONFIG or WORKFLOWS_INTERVAL_MS.
 */
export async function startEventsWorkflows(runtime: ServiceRuntime): Promise<() => Promise<void>> {
  const config = loadWorkflowsConfig();
  const intervalMs = intervalFromEnv('WORKFLOWS_INTERVAL_MS', 60_000);
  const planner = new ActivityPlanner(runtime.endpoint('activity'));
  const nc = await connectNats(runtime.config.natsUrl, 'events-workflows');
  const stops: Array<() => Promise<void>> = [async () => void (await nc.drain().catch(() => undefined))];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const kickoff = new KickoffReaction(runtime.stores.events, planner, runtime.clock);
    const consumer = await startWorkflowConsumer({
      nc,
      source: 'mous',
      filterSubject: 'events.mous.mou.>',
      durable: EVENTS_MOUS_DURABLE,
      mirror: { store: runtime.stores.events, service: runtime.config.service, category: EVENTS_WORKFLOW_CATEGORY, sources: runtime.stores.seals?.store },
      react: async (event) => void (await kickoff.react(event)),
    });
    stops.push(() => consumer.stop());
    const renewal = new RenewalReviewScheduler(runtime.stores.readModel, planner, runtime.clock, () => config.leadTimes.mouRenewalDays);
    const scheduler = new PeriodicPass('events-workflow-renewal-review', () => renewal.pass(), intervalMs);
    scheduler.start();
    stops.push(() => scheduler.stop());
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}
