import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import { grantDecider, type GrantCommand, type GrantEvent, type GrantState } from './grant';

export const grantAggregate: AggregateDefinition<GrantCommand, GrantEvent, GrantState> = {
  category: 'grant',
  collection: 'grants',
  decider: grantDecider,
};

export const fundingDefinition: ServiceDefinition = {
  aggregates: [{ def: grantAggregate, label: 'grant' }],
};
