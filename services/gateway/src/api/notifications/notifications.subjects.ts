import { NOTIFICATION } from '../../infra/nats/subjects';

/** The notifications service's command subjects, fixed by its routes (services/notifications/src/notification/transport). */
export const NotificationCommands = {
  request: `${NOTIFICATION}.request`,
  acknowledge: `${NOTIFICATION}.acknowledge`,
} as const;
