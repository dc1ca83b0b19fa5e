import type { AggregateDefinition } from '@pmt/event-sourcing';
import { INBOX_CATEGORY, type ServiceDefinition } from '@pmt/service-kit';
import {
  organisationDecider,
  organisationResource,
  type OrganisationCommand,
  type OrganisationEvent,
  type OrganisationState,
  type OrganisationView,
} from './organisation';
import { partnershipProjection } from './partnership';

export const organisationAggregate: AggregateDefinition<OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView> = {
  category: 'organisation',
  collection: 'organisations',
  decider: organisationDecider,
  resource: organisationResource,
};

export const partnersDefinition: ServiceDefinition = {
  aggregates: [{ def: organisationAggregate, label: 'organisation' }],
  // The inbox's copies of other services' events, folded into the partnership view (docs/partnership.md).
  projections: [partnershipProjection(INBOX_CATEGORY)],
  localCategories: [INBOX_CATEGORY],
};
