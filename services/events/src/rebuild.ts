import { rebuildCli } from '@pmt/service-kit';
import { eventsDefinition } from './events.definition';

rebuildCli('events', eventsDefinition).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
