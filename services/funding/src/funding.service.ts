import type { StartServiceOptions } from '@pmt/service-kit';
import { startApprovals } from './grant/approvals/start-approvals';
import { grantRoutes } from './grant/transport/grant.routes';
import { fundingDefinition } from './funding.definition';

/** The funding service as `runService` starts it; tests start the same with their own config. */
export const fundingService: Omit<StartServiceOptions, 'config' | 'clock'> = {
  service: 'funding',
  definition: fundingDefinition,
  routes: grantRoutes,
  background: startApprovals,
};
