import { ACTIVITY } from '../../infra/nats/subjects';

/** The events service's activity command subjects, fixed by its routes (services/events/src/activity/transport). */
export const ActivityCommands = {
  create: `${ACTIVITY}.create`,
  schedule: `${ACTIVITY}.schedule`,
  complete: `${ACTIVITY}.complete`,
  cancel: `${ACTIVITY}.cancel`,
  addTask: `${ACTIVITY}.add-task`,
  completeTask: `${ACTIVITY}.complete-task`,
} as const;
