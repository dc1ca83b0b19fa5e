import { querySubjects, serviceSubjects } from '@pmt/contracts-common';

export const NOTIFICATION_PREFIX = 'notifications.notification';

/** Commands the notifications service answers; the gateway sends these strings, the routes listen on them. */
export const NotificationCommands = {
  request: `${NOTIFICATION_PREFIX}.request`,
  acknowledge: `${NOTIFICATION_PREFIX}.acknowledge`,
} as const;

/** get, list and the history/audit queries (docs/history-and-audit.md). */
export const NotificationQueries = querySubjects(NOTIFICATION_PREFIX);

export const NotificationsService = serviceSubjects('notifications');
