import { record } from '@pmt/kernel';
import { PROPOSAL_EVENT_TYPES, type ProposalEvent, type ProposalStatus } from './events';

/** An event of `proposal-<id>` as another service receives it: one of this contract's types with its data. */
export type IncomingProposalEvent = {
  [T in ProposalEvent['type']]: { type: T; data: Extract<ProposalEvent, { type: T }>['data'] };
}[ProposalEvent['type']];

/**
 * The event typed by this contract, or null for a type it does not define (a newer producer's). Consumers still
 * read the data leniently: an old event may lack a field, and a projection that throws stops there for good.
 */
export function proposalEventOf(e: { type: string; data: unknown }): IncomingProposalEvent | null {
  return PROPOSAL_EVENT_TYPES.includes(e.type) ? ({ type: e.type, data: record(e.data) } as IncomingProposalEvent) : null;
}

/** The status each event leaves a proposal in; events not named here leave it as it was. */
export const PROPOSAL_STATUS_AFTER: Partial<Record<ProposalEvent['type'], ProposalStatus>> = {
  ProposalSubmitted: 'submitted',
  ProposalApproved: 'approved',
  ProposalRejected: 'rejected',
  ProposalRevisionRequested: 'revision-requested',
  ProposalResubmitted: 'submitted',
  ProposalWithdrawn: 'withdrawn',
};
