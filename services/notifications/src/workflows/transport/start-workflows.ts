import type { StoredEvent } from '@pmt/kernel';
import { connectNats, NatsRequester } from '@pmt/messaging';
import { intervalFromEnv, loadWorkflowsConfig, PeriodicPass, startWorkflowConsumer, WORKFLOW_LINGER_MS, type ServiceRuntime } from '@pmt/service-kit';
import { NOTIFICATIONS_MIRROR_CATEGORY } from '../workflows.projection';
import { Directory } from './directory';
import { ConfidentialityFollower } from './confidentiality-follower';
import { GrantOpenedReaction, MouActivatedReaction } from './event-reactions';
import { Notifier } from './notifier';
import { Recipients } from './recipients';
import { ReminderScheduler } from './reminder-scheduler';

/** The durable consumers: `<service>-workflow-<source>`. */
export const NotificationWorkflowDurables = {
  mous: 'notifications-workflow-mous',
  proposals: 'notifications-workflow-proposals',
  funding: 'notifications-workflow-funding',
} as const;

/**
 * The notifications service's workflows (docs/workflows.md): who hears of an MOU coming into force and of an
 * approval, and the reminders before term ends, submission deadlines and KPI reports. Background work of the
 * notifications service beside its dispatcher; answers its stop function. Refuses to start on a bad
 * WORKFLOWS_CONFIG.
 */
export async function startNotificationWorkflows(runtime: ServiceRuntime): Promise<() => Promise<void>> {
  const config = loadWorkflowsConfig();
  const intervalMs = intervalFromEnv('WORKFLOWS_INTERVAL_MS', 60_000);
  const nc = await connectNats(runtime.config.natsUrl, 'notifications-workflows');
  const stops: Array<() => Promise<void>> = [async () => void (await nc.drain().catch(() => undefined))];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  try {
    const directory = new Directory(new NatsRequester(nc));
    const recipients = new Recipients(config, directory);
    const notifier = new Notifier(runtime.endpoint('notification'), runtime.stores.events, runtime.runner, runtime.clock);
    const mirror = {
      store: runtime.stores.events,
      service: runtime.config.service,
      category: NOTIFICATIONS_MIRROR_CATEGORY,
      sources: runtime.stores.seals?.store,
    };
    const activated = new MouActivatedReaction(runtime.stores.events, recipients, notifier, runtime.clock);
    const approved = new GrantOpenedReaction(recipients, notifier, runtime.clock);
    // notices follow their record's confidentiality: after the reaction, in the order of the record's own events
    const confidentiality = new ConfidentialityFollower(runtime.stores.events, runtime.endpoint('notification'));

    for (const options of [
      {
        source: 'mous',
        filterSubject: 'events.mous.mou.>',
        durable: NotificationWorkflowDurables.mous,
        mirror,
        react: async (e: StoredEvent) => {
          await activated.react(e);
          await confidentiality.react(e);
        },
      },
      {
        source: 'proposals',
        filterSubject: 'events.proposals.proposal.>',
        durable: NotificationWorkflowDurables.proposals,
        mirror,
        react: async (e: StoredEvent) => void (await confidentiality.react(e)),
      },
      {
        source: 'funding',
        // every grant event (once only GrantOpened): GrantConfidentialityChanged comes after its opening, in order
        filterSubject: 'events.funding.grant.>',
        durable: NotificationWorkflowDurables.funding,
        react: async (e: StoredEvent) => {
          await approved.react(e);
          await confidentiality.react(e);
        },
      },
    ]) {
      const consumer = await startWorkflowConsumer({ nc, ...options, lingerMs: WORKFLOW_LINGER_MS });
      stops.push(() => consumer.stop());
    }

    const reminders = new ReminderScheduler(runtime.stores.readModel, directory, recipients, notifier, runtime.clock, () => config.leadTimes);
    const scheduler = new PeriodicPass('notifications-workflow-reminders', () => reminders.pass(), intervalMs);
    scheduler.start();
    stops.push(() => scheduler.stop());
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}
