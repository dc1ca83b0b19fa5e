import { systemClock } from '@pmt/kernel';
import { runService } from '@pmt/service-kit';
import { proposalRoutes } from './proposal/transport/proposal.routes';
import { proposalsDefinition } from './proposals.definition';

void runService({ service: 'proposals', definition: proposalsDefinition, routes: proposalRoutes, clock: systemClock });
