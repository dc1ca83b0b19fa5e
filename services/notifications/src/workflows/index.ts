// The notifications service's workflows (docs/workflows.md). notifications.service.ts starts them as background
// work beside the dispatcher; the definition registers their projection and their local stream categories.
export { startNotificationWorkflows, NotificationWorkflowDurables } from './transport/start-workflows';
export {
  notificationWorkflowProjection,
  NOTIFICATIONS_MIRROR_CATEGORY,
  REMINDER_CATEGORY,
  WorkflowCollections as NotificationWorkflowCollections,
} from './workflows.projection';
import { notificationWorkflowProjection, NOTIFICATIONS_MIRROR_CATEGORY, REMINDER_CATEGORY } from './workflows.projection';

/** For the notifications ServiceDefinition: `projections: [...notificationWorkflowProjections]`. */
export const notificationWorkflowProjections = [notificationWorkflowProjection];
/** For the notifications ServiceDefinition: `localCategories: [...notificationWorkflowCategories]` (never relayed). */
export const notificationWorkflowCategories = [NOTIFICATIONS_MIRROR_CATEGORY, REMINDER_CATEGORY];
