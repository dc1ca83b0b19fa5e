import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import { grantDecider, grantResource, grantVisibility, type GrantCommand, type GrantEvent, type GrantState, type GrantView } from './grant';

export const grantAggregate: AggregateDefinition<GrantCommand, GrantEvent, GrantState, GrantView> = {
  category: 'grant',
  collection: 'grants',
  decider: grantDecider,
  resource: grantResource,
  visibilityOf: grantVisibility,
};

export const fundingDefinition: ServiceDefinition = {
  aggregates: [{ def: grantAggregate, label: 'grant' }],
};
