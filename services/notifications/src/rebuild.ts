import { rebuildCli } from '@pmt/service-kit';
import { notificationsDefinition } from './notifications.definition';

rebuildCli('notifications', notificationsDefinition).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
