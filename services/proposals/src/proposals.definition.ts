import type { AggregateDefinition } from '@pmt/event-sourcing';
import type { ServiceDefinition } from '@pmt/service-kit';
import { proposalDecider, type ProposalCommand, type ProposalEvent, type ProposalState } from './proposal';

export const proposalAggregate: AggregateDefinition<ProposalCommand, ProposalEvent, ProposalState> = {
  category: 'proposal',
  collection: 'proposals',
  decider: proposalDecider,
};

export const proposalsDefinition: ServiceDefinition = {
  aggregates: [{ def: proposalAggregate, label: 'proposal' }],
};
