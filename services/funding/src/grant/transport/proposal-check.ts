import { ProposalQueries, type ProposalStatus } from '@pmt/contracts-proposals';
import { CodedError, invalid, isCodedError, type FieldError } from '@pmt/kernel';
import type { NatsRequester, QueryMessage } from '@pmt/messaging';

/** The proposals service answers its proposals' current state here (its contract). */
export const PROPOSAL_GET_SUBJECT = ProposalQueries.get;

/**
 * A grant that names a proposal needs that proposal to exist and be approved; funding asks proposals itself
 * (not only the gateway does), so no caller of `funding.grant.open` can fund a draft, a rejection or a typo.
 * Approved is a final state of a proposal, so the answer cannot go stale between this question and the append.
 * "Not yet funded" is the grant's own rule: the grant id is derived from the proposal id, so a second opening
 * finds the grant there (GRANT.ALREADY_EXISTS).
 *
 * - unknown proposal: 400 naming `proposalId` (as an unknown funderId is);
 * - any state but approved: 409 GRANT.PROPOSAL_NOT_APPROVED saying the state;
 * - proposals unreachable: its SERVICE.UNAVAILABLE (503) propagates; nothing is written.
 */
export async function assertProposalFundable(requester: NatsRequester, proposalId: string, ask: Omit<QueryMessage, 'params'>): Promise<void> {
  let proposal: { status?: ProposalStatus } | null;
  try {
    proposal = await requester.request<{ status?: ProposalStatus } | null>(PROPOSAL_GET_SUBJECT, { ...ask, params: { id: proposalId } });
  } catch (e) {
    if (isCodedError(e) && e.kind === 'not-found') proposal = null;
    else throw e;
  }
  if (!proposal) throw unknownProposal(proposalId);
  if (proposal.status !== 'approved') {
    throw new CodedError(
      'GRANT.PROPOSAL_NOT_APPROVED',
      'conflict',
      `proposal ${proposalId} is ${String(proposal.status)}: a grant can be opened only for an approved proposal`,
      { proposalId, proposalStatus: proposal.status },
    );
  }
}

const unknownProposal = (proposalId: string) => {
  const errors: FieldError[] = [{ path: 'proposalId', message: 'no proposal has this id' }];
  return invalid('GRANT.PROPOSAL_UNKNOWN', `no proposal has id ${proposalId}`, errors);
};
