import { ProposalQueries, type ProposalStatus } from '@pmt/contracts-proposals';
import { canSee, CodedError, invalid, isCodedError, type FieldError, type Viewer } from '@pmt/kernel';
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
 * - proposals unreachable: its SERVICE.UNAVAILABLE (503) propagates; nothing is written;
 * - a confidential proposal the caller (`viewer`) may not see: as unknown. Funding asks as itself (no viewer, so a
 *   confidential proposal is found) and judges for the caller, so that the answer cannot tell hidden from absent.
 *
 * Answers what the grant inherits: a confidential proposal's grant is confidential, led by the proposal's team.
 */
export async function assertProposalFundable(
  requester: NatsRequester,
  proposalId: string,
  ask: Omit<QueryMessage, 'params' | 'viewer'>,
  viewer?: Viewer,
): Promise<{ confidential?: true; leadTeam?: string }> {
  let proposal: FundedProposal | null;
  try {
    proposal = await requester.request<FundedProposal | null>(PROPOSAL_GET_SUBJECT, { ...ask, params: { id: proposalId } });
  } catch (e) {
    if (isCodedError(e) && e.kind === 'not-found') proposal = null;
    else throw e;
  }
  if (!proposal || !canSee(viewer, proposal)) throw unknownProposal(proposalId);
  if (proposal.status !== 'approved') {
    throw new CodedError(
      'GRANT.PROPOSAL_NOT_APPROVED',
      'conflict',
      `proposal ${proposalId} is ${String(proposal.status)}: a grant can be opened only for an approved proposal`,
      { proposalId, proposalStatus: proposal.status },
    );
  }
  return proposal.confidential === true && typeof proposal.leadTeam === 'string' ? { confidential: true, leadTeam: proposal.leadTeam } : {};
}

interface FundedProposal {
  status?: ProposalStatus;
  confidential?: boolean;
  leadTeam?: string | null;
}

const unknownProposal = (proposalId: string) => {
  const errors: FieldError[] = [{ path: 'proposalId', message: 'no proposal has this id' }];
  return invalid('GRANT.PROPOSAL_UNKNOWN', `no proposal has id ${proposalId}`, errors);
};
