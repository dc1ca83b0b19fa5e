import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import { mouDecider, type MouCommand, type MouEvent, type MouState } from './mou';

export const mouAggregate: AggregateDefinition<MouCommand, MouEvent, MouState> = {
  category: 'mou',
  collection: 'mous',
  decider: mouDecider,
};

export const mousDefinition: ServiceDefinition = {
  aggregates: [{ def: mouAggregate, label: 'MOU' }],
};
