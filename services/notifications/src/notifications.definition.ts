import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import {
  notificationDecider,
  notificationResource,
  type NotificationCommand,
  type NotificationEvent,
  type NotificationState,
  type NotificationView,
  visibilityOfNotification,
} from './notification';
import { notificationWorkflowCategories, notificationWorkflowProjections } from './workflows';

export const notificationAggregate: AggregateDefinition<NotificationCommand, NotificationEvent, NotificationState, NotificationView> = {
  category: 'notification',
  collection: 'notifications',
  decider: notificationDecider,
  resource: notificationResource,
  // a notice about a confidential record is as absent as the record to those who may not see it (acknowledge included)
  visibilityOf: visibilityOfNotification,
};

export const notificationsDefinition: ServiceDefinition = {
  aggregates: [{ def: notificationAggregate, label: 'notification' }],
  // the workflows' read models and their local streams (mirrors of other services' events, reminders sent): never relayed
  projections: [...notificationWorkflowProjections],
  localCategories: [...notificationWorkflowCategories],
};
