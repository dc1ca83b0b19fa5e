import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import { mouDecider, mouResource, type MouCommand, type MouEvent, type MouState, type MouView } from './mou';

export const mouAggregate: AggregateDefinition<MouCommand, MouEvent, MouState, MouView> = {
  category: 'mou',
  collection: 'mous',
  decider: mouDecider,
  resource: mouResource,
};

export const mousDefinition: ServiceDefinition = {
  aggregates: [{ def: mouAggregate, label: 'MOU' }],
};
