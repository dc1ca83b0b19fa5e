import { systemClock } from '@pmt/kernel';
import { runService } from '@pmt/service-kit';
import { mouRoutes } from './mou/transport/mou.routes';
import { mousDefinition } from './mous.definition';
import { startScheduler } from './mou/scheduler/start-scheduler';

void runService({ service: 'mous', definition: mousDefinition, routes: mouRoutes, clock: systemClock, background: startScheduler });
