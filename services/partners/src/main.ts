import { runService } from '@pmt/service-kit';
import { organisationRoutes } from './organisation/transport/organisation.routes';
import { partnershipRoutes } from './partnership/transport/partnership.routes';
import { startPartnershipInbox } from './partnership/transport/partnership-inbox';
import { partnersDefinition } from './partners.definition';

void runService({
  service: 'partners',
  definition: partnersDefinition,
  routes: (runtime) => [...organisationRoutes(runtime), ...partnershipRoutes(runtime)],
  background: startPartnershipInbox,
});
