import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import { organisationDecider, type OrganisationCommand, type OrganisationEvent, type OrganisationState } from './organisation';

export const organisationAggregate: AggregateDefinition<OrganisationCommand, OrganisationEvent, OrganisationState> = {
  category: 'organisation',
  collection: 'organisations',
  decider: organisationDecider,
};

export const partnersDefinition: ServiceDefinition = {
  aggregates: [{ def: organisationAggregate, label: 'organisation' }],
};
