import { runService } from '@pmt/service-kit';
import { organisationRoutes } from './organisation/transport/organisation.routes';
import { partnersDefinition } from './partners.definition';

void runService({ service: 'partners', definition: partnersDefinition, routes: organisationRoutes });
