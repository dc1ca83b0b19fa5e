import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import { mouDecider, mouResource, secrecyOf, type MouCommand, type MouEvent, type MouState, type MouView } from './mou';

export const mouAggregate: AggregateDefinition<MouCommand, MouEvent, MouState, MouView> = {
  category: 'mou',
  collection: 'mous',
  decider: mouDecider,
  resource: mouResource,
  // commands of a viewer who may not see a confidential MOU are decided as if it did not exist
  visibilityOf: secrecyOf,
};

export const mousDefinition: ServiceDefinition = {
  aggregates: [{ def: mouAggregate, label: 'MOU' }],
};
