import * as contract from '@pmt/contracts-notifications';
import { validateSubject } from '@pmt/contracts-common';
import { CodedError, newId, viewerOf } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { checkedData, commandRoute, queryRoutes, requireUuid, validateRoute, type DataCheck, type Route, type ServiceRuntime } from '@pmt/service-kit';
import { recipientErrors, type NotificationCommand, type NotificationEvent, type NotificationState, type NotificationView } from '../index';

const { NotificationCommands, NOTIFICATION_PREFIX } = contract;

/** Roles that may acknowledge a notification addressed to someone else (a team's inbox). */
const ACT_FOR_OTHERS = ['admin', 'staff'];

/** What each command's data must be before the decider: the contract's schema, and an email recipient an address. */
export const notificationChecks = {
  request: { schema: contract.requestNotification, rules: recipientErrors },
  acknowledge: { schema: contract.acknowledgement },
} satisfies Record<keyof typeof NotificationCommands, DataCheck>;

export function notificationRoutes(runtime: ServiceRuntime): Route[] {
  const notifications = runtime.endpoint<NotificationCommand, NotificationEvent, NotificationState, NotificationView>('notification');
  const requester = () => runtime.requester();
  const acknowledge = commandRoute(NotificationCommands.acknowledge, notifications, (m, { now }): NotificationCommand => ({
    type: 'Acknowledge',
    now,
    by: m.actor,
    mayActForOthers: (viewerOf(m)?.roles ?? []).some((r) => ACT_FOR_OTHERS.includes(r)),
    data: {},
  }));
  return [
    {
      // The caller may name the id (a reaction gives a deterministic one, so that a redelivery requests it once);
      // an admin's test message from the API gets a new one.
      subject: NotificationCommands.request,
      handle: async (message: CommandMessage) => {
        if (!message || typeof message.commandId !== 'string' || typeof message.actor !== 'string') {
          throw new CodedError('COMMAND.MALFORMED', 'invalid', 'a command needs commandId, actor, correlationId and data');
        }
        const id = message.id === undefined ? newId() : requireUuid(message.id);
        const data = await checkedData(notificationChecks.request, message, requester);
        return notifications.execute(id, message, (now) => ({ type: 'RequestNotification', now, data: { ...data, id } }));
      },
    },
    {
      subject: NotificationCommands.acknowledge,
      handle: async (message: CommandMessage) => {
        await checkedData(notificationChecks.acknowledge, message, requester);
        return acknowledge.handle(message);
      },
    },
    validateRoute(validateSubject(NOTIFICATION_PREFIX), notificationChecks, requester),
    ...queryRoutes(NOTIFICATION_PREFIX, notifications, listQuery),
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
