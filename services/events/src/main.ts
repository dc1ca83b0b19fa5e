import { systemClock } from '@pmt/kernel';
import { runService, type ServiceRuntime } from '@pmt/service-kit';
import { activityRoutes } from './activity/transport/activity.routes';
import { calendarRoutes, MirrorCatchUp } from './calendar';
import { eventsDefinition } from './events.definition';
import { startEventsWorkflows } from './workflows';

// The calendar's read-your-writes waits on the consumers the workflows start, so the two share one catch-up.
let catchUp: MirrorCatchUp | undefined;
const catchUpOf = (runtime: ServiceRuntime) => (catchUp ??= new MirrorCatchUp(runtime.runner, runtime.stores.events, runtime.config.projectionWaitMs));

void runService({
  service: 'events',
  definition: eventsDefinition,
  routes: (runtime) => [...activityRoutes(runtime), ...calendarRoutes(runtime, catchUpOf(runtime))],
  clock: systemClock,
  background: (runtime) => startEventsWorkflows(runtime, catchUpOf(runtime)),
});
