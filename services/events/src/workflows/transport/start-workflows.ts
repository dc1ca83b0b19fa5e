import { connectNats, eventStreamName } from '@pmt/messaging';
import { intervalFromEnv, loadWorkflowsConfig, PeriodicPass, startWorkflowConsumer, WORKFLOW_LINGER_MS, type ServiceRuntime } from '@pmt/service-kit';
import type { MirrorCatchUp } from '../../calendar/transport/mirror-catch-up';
import { EVENTS_WORKFLOW_CATEGORY } from '../workflows.projection';
import { ActivityPlanner } from './activity-planner';
import { KickoffReaction } from './kickoff-reaction';
import { RenewalReviewScheduler } from './renewal-scheduler';

/** Durable consumer of the mous service's events (`<service>-workflow-<source>`): mirror, then the kickoff reaction. */
export const EVENTS_MOUS_DURABLE = 'events-workflow-mous';
/** Durable consumer of the proposals service's events: mirror only (`eventsworkflows-proposal-<id>`), for the calendar. */
export const EVENTS_PROPOSALS_DURABLE = 'events-workflow-proposals';

/**
 * The events service's workflows (docs/workflows.md): kickoff on MOU activation, renewal review before a term
 * ends; and the mirrors of MOUs and proposals the calendar folds (docs/calendar.md), whose consumers `catchUp`
 * then waits on. Background work of the events service; answers its stop function. Refuses to start on a bad
 * WORKFLOWS_CONFIG or WORKFLOWS_INTERVAL_MS.
 */
export async function startEventsWorkflows(runtime: ServiceRuntime, catchUp?: MirrorCatchUp): Promise<() => Promise<void>> {
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
    const mirror = { store: runtime.stores.events, service: runtime.config.service, category: EVENTS_WORKFLOW_CATEGORY, sources: runtime.stores.seals?.store };
    const consumer = await startWorkflowConsumer({
      nc,
      source: 'mous',
      filterSubject: 'events.mous.mou.>',
      durable: EVENTS_MOUS_DURABLE,
      mirror,
      lingerMs: WORKFLOW_LINGER_MS,
      react: async (event) => void (await kickoff.react(event)),
    });
    stops.push(() => consumer.stop());
    const proposals = await startWorkflowConsumer({
      nc,
      source: 'proposals',
      filterSubject: 'events.proposals.proposal.>',
      durable: EVENTS_PROPOSALS_DURABLE,
      mirror,
      lingerMs: WORKFLOW_LINGER_MS,
    });
    stops.push(() => proposals.stop());
    catchUp?.follow(await nc.jetstreamManager(), [
      { stream: eventStreamName('mous'), durable: EVENTS_MOUS_DURABLE },
      { stream: eventStreamName('proposals'), durable: EVENTS_PROPOSALS_DURABLE },
    ]);
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
