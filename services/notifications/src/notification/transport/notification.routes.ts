import { CodedError, newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandRoute, queryRoutes, requireUuid, type Route, type ServiceRuntime } from '@pmt/service-kit';
import type { NotificationCommand, NotificationEvent, NotificationState, NotificationView, RequestNotificationData } from '../index';

export const PREFIX = 'notifications.notification';

/** The NATS subjects of the notification commands; the gateway sends the same strings. */
export const NotificationSubjects = {
  request: `${PREFIX}.request`,
  acknowledge: `${PREFIX}.acknowledge`,
} as const;

/** Roles that may acknowledge a notification addressed to someone else (a team's inbox). */
const ACT_FOR_OTHERS = ['admin', 'staff'];

export function notificationRoutes(runtime: ServiceRuntime): Route[] {
  const notifications = runtime.endpoint<NotificationCommand, NotificationEvent, NotificationState, NotificationView>('notification');
  return [
    {
      // The caller may name the id (a reaction gives a deterministic one, so that a redelivery requests it once);
      // an admin's test message from the API gets a new one.
      subject: NotificationSubjects.request,
      handle: (message: CommandMessage) => {
        if (
          !message ||
          typeof message.commandId !== 'string' ||
          typeof message.actor !== 'string' ||
          typeof message.data !== 'object' ||
          message.data === null
        ) {
          throw new CodedError('COMMAND.MALFORMED', 'invalid', 'a command needs commandId, actor, correlationId and data');
        }
        const id = message.id === undefined ? newId() : requireUuid(message.id);
        return notifications.execute(id, message, (now) => ({
          type: 'RequestNotification',
          now,
          data: { ...(message.data as object), id } as RequestNotificationData,
        }));
      },
    },
    commandRoute(NotificationSubjects.acknowledge, notifications, (m, { now }): NotificationCommand => ({
      type: 'Acknowledge',
      now,
      by: m.actor,
      mayActForOthers: Array.isArray(m.roles) && m.roles.some((r) => ACT_FOR_OTHERS.includes(r)),
      data: {},
    })),
    ...queryRoutes(PREFIX, notifications, listQuery),
  ];
}

export function listQuery(params: Record<string, unknown>) {
  const filter: Record<string, unknown> = {};
  if (typeof params.recipient === 'string') filter.recipient = params.recipient;
  if (typeof params.status === 'string') filter.status = params.status;
  if (typeof params.channel === 'string') filter.channel = params.channel;
  if (typeof params.topic === 'string') filter.topic = params.topic;
  // newest first by when it was requested: ids given by reactions are v5, not time-ordered
  return { filter, sort: { createdAt: -1 as const, id: -1 as const } };
}
