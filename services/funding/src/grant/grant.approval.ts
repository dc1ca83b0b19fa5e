import type { ProposalApproved } from '@pmt/contracts-proposals';
import { v5 as uuidv5 } from 'uuid';
import { addDays, addMonths, invalid, officeDate, type Money } from '@pmt/kernel';
import { grantIdOf } from './grant';
import type { OpenGrantData } from './grant.decide';
import { isBlank } from './grant.rules';

/** `ProposalApproved` data as the proposals contract fixes it; funding needs nothing else to open the grant. */
export type ProposalApprovedData = ProposalApproved['data'];

/**
 * An approval says nothing about the grant's period, so a grant opened from one runs from the office date of the
 * approval for this many months (the last day inclusive).
 */
export const APPROVED_GRANT_TERM_MONTHS = 12;

/** Namespace of the command ids of approvals: one approval event is one OpenGrant command, however often delivered. */
export const APPROVAL_COMMAND_NAMESPACE = '9d4c2e71-5a3b-4f08-8c6d-2b7e0f1a9c54';
export const openGrantCommandIdOf = (approvalEventId: string): string => uuidv5(approvalEventId, APPROVAL_COMMAND_NAMESPACE);

/**
 * The grant an approval opens, with id uuidv5(proposalId, GRANT_NAMESPACE). Only the proposal id is checked
 * here (without it there is no grant id); every other fact is checked by OpenGrant like a direct opening.
 * `recordedAt` stands in for `data.at` should an event lack it.
 */
export function grantFromApproval(data: unknown, recordedAt: string): OpenGrantData {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Partial<ProposalApprovedData>;
  if (typeof d.proposalId !== 'string' || isBlank(d.proposalId)) {
    throw invalid('GRANT.UNUSABLE_APPROVAL', 'the approval names no proposalId', [{ path: 'proposalId', message: 'is required' }]);
  }
  const at = typeof d.at === 'string' && !Number.isNaN(Date.parse(d.at)) ? d.at : recordedAt;
  const startsOn = officeDate(at);
  return {
    id: grantIdOf(d.proposalId),
    proposalId: d.proposalId.toLowerCase(),
    title: d.title ?? null,
    funderId: d.funderId as string,
    partnerIds: d.partnerIds ?? [],
    leadTeam: d.leadTeam ?? null,
    // as confidential as the proposal was when approved (approvals before confidentiality existed: open)
    confidential: d.confidential === true,
    awardedAmount: d.awardedAmount as Money,
    startsOn,
    endsOn: addDays(addMonths(startsOn, APPROVED_GRANT_TERM_MONTHS), -1),
  };
}
