import { systemClock } from '@pmt/kernel';
import { runService } from '@pmt/service-kit';
import { activityRoutes } from './activity/transport/activity.routes';
import { eventsDefinition } from './events.definition';
import { startEventsWorkflows } from './workflows';

void runService({ service: 'events', definition: eventsDefinition, routes: activityRoutes, clock: systemClock, background: startEventsWorkflows });
