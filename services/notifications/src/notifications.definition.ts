import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import {
  notificationDecider,
  notificationResource,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationState,
  type NotificationView,
} from './notification';
import { notificationWorkflowCategories, notificationWorkflowProjections } from './workflows';

export const notificationAggregate: AggregateDefinition<NotificationCommand, NotificationEvent, NotificationState, NotificationView> = {
  category: 'notification',
  collection: 'notifications',
  decider: notificationDecider,
  resource: notificationResource,
};

export const notificationsDefinition: ServiceDefinition = {
  aggregates: [{ def: notificationAggregate, label: 'notification' }],
  // the workflows' read models and their local streams (mirrors of other services' events, reminders sent): never relayed
  projections: [...notificationWorkflowProjections],
  localCategories: [...notificationWorkflowCategories],
};
