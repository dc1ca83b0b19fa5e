import type { ServiceRuntime, StartServiceOptions } from '@pmt/service-kit';
import { startDispatcher } from './notification/dispatcher/start-dispatcher';
import { notificationRoutes } from './notification/transport/notification.routes';
import { notificationsDefinition } from './notifications.definition';
import { startNotificationWorkflows } from './workflows';

/** Both kinds of background work: the workflows that request notifications and the dispatcher that delivers them. */
export async function startBackground(runtime: ServiceRuntime): Promise<() => Promise<void>> {
  const stopDispatcher = await startDispatcher(runtime);
  let stopWorkflows: () => Promise<void>;
  try {
    stopWorkflows = await startNotificationWorkflows(runtime);
  } catch (error) {
    await stopDispatcher();
    throw error;
  }
  return async () => {
    // the workflows first: they request notifications that the dispatcher would deliver
    await stopWorkflows();
    await stopDispatcher();
  };
}

/** The notifications service as `runService` starts it; tests start the same with their own config. */
export const notificationsService: Omit<StartServiceOptions, 'config' | 'clock'> = {
  service: 'notifications',
  definition: notificationsDefinition,
  routes: notificationRoutes,
  background: startBackground,
};
