import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import {
  proposalDecider,
  proposalResource,
  proposalVisibility,
  type ProposalCommand,
  type ProposalEvent,
  type ProposalState,
  type ProposalView,
} from './proposal';

export const proposalAggregate: AggregateDefinition<ProposalCommand, ProposalEvent, ProposalState, ProposalView> = {
  category: 'proposal',
  collection: 'proposals',
  decider: proposalDecider,
  resource: proposalResource,
  visibilityOf: proposalVisibility,
};

export const proposalsDefinition: ServiceDefinition = {
  aggregates: [{ def: proposalAggregate, label: 'proposal' }],
};
