// A proposal as GET /proposals/{id} answers it (services/proposals proposal.resource.ts), as far as the console reads it.
import type { Money } from '../../lib/format';

export const PROPOSAL_STATUSES = ['draft', 'submitted', 'revision-requested', 'approved', 'rejected', 'withdrawn'] as const;
export const DECISION_OUTCOMES = ['approved', 'rejected', 'revision-requested'] as const;

export interface ProposalDetail {
  id: string;
  version: number;
  status: string;
  title: string;
  description: string | null;
  leadTeam: string;
  /** Only the lead team, admins and auditors see it (absent on records from before confidentiality: not confidential). */
  confidential?: boolean;
  funderId: string;
  partnerIds: string[];
  requestedAmount: Money;
  awardedAmount: Money | null;
  submissionDeadline: string;
  programme: string;
  activityId: string | null;
  submittedOn: string | null;
  late: boolean;
  lateReason: string | null;
  decision: { outcome: string; reasons: string[]; decidedOn: string } | null;
  reviewNotes: { note: string; by: string | null; at: string }[];
  resubmissions: { requestedAmount: Money; note: string | null; at: string }[];
  withdrawal: { reason: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}
