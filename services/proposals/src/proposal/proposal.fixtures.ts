// Shared by the proposal specs: story 1 and 6 of STORIES.md, IASA asking NIA to fund a food-safety project
// with two partners that came out of the Chiang Mai workshop (story 4).
import type { Money } from '@pmt/kernel';
import type { ProposalDrafted, ProposalEvent } from './proposal';
import type { DraftProposalData } from './proposal.decide';

export const NIA = 'org-nia';
export const FOOD_VALLEY = 'org-food-valley';
export const LAMPANG = 'org-lampang-ceramics';
export const PROPOSAL_ID = 'proposal-0001';
export const WORKSHOP = 'activity-workshop-2013';

/** The platform's stamp for a command issued on `today`, at 10:00 in Bangkok. */
export const on = (today: string) => ({ today, now: `${today}T03:00:00.000Z` });
export const at = (today: string) => on(today).now;

export const baht = (amount: number): Money => ({ amount, currency: 'THB' });

/** 2,500,000.00 baht in satang. */
export const REQUESTED = baht(250_000_000);

export const createData: DraftProposalData = {
  id: PROPOSAL_ID,
  title: 'ระบบความปลอดภัยอาหาร Chiang Mai Food Valley',
  leadTeam: 'IASA',
  funderId: NIA,
  partnerIds: [FOOD_VALLEY, LAMPANG],
  requestedAmount: REQUESTED,
  submissionDeadline: '2025-03-31',
  programme: 'Social innovation 2025',
  activityId: WORKSHOP,
};

export const drafted: ProposalDrafted = {
  type: 'ProposalDrafted',
  data: {
    id: PROPOSAL_ID,
    title: createData.title,
    leadTeam: 'IASA',
    funderId: NIA,
    partnerIds: [FOOD_VALLEY, LAMPANG],
    requestedAmount: REQUESTED,
    programme: 'Social innovation 2025',
    submissionDeadline: '2025-03-31',
    activityId: WORKSHOP,
    description: null,
    confidential: false,
    at: at('2025-01-07'),
  },
};

export const noted = (note = 'budget needs a co-investment line', by: string | null = 'reviewer@step.example', day = '2025-01-10'): ProposalEvent => ({
  type: 'ProposalReviewNoted',
  data: { note, by, at: at(day) },
});
export const submitted = (day = '2025-03-01'): ProposalEvent => ({
  type: 'ProposalSubmitted',
  data: { submittedOn: day, late: false, lateReason: null, at: at(day) },
});
export const revisionRequested = (reasons = ['show the co-investment of the partners']): ProposalEvent => ({
  type: 'ProposalRevisionRequested',
  data: { reasons, at: at('2025-04-15') },
});
export const resubmitted = (requestedAmount = REQUESTED, note: string | null = null): ProposalEvent => ({
  type: 'ProposalResubmitted',
  data: { requestedAmount, note, at: at('2025-05-01') },
});
export const approved = (awardedAmount = baht(200_000_000)): ProposalEvent => ({
  type: 'ProposalApproved',
  data: {
    awardedAmount,
    reasons: [],
    proposalId: PROPOSAL_ID,
    title: createData.title,
    leadTeam: 'IASA',
    funderId: NIA,
    partnerIds: [FOOD_VALLEY, LAMPANG],
    requestedAmount: REQUESTED,
    confidential: false,
    at: at('2025-06-01'),
  },
});

export const draft: ProposalEvent[] = [drafted];
export const inReview: ProposalEvent[] = [drafted, submitted()];
export const returned: ProposalEvent[] = [...inReview, revisionRequested()];
export const approvedHistory: ProposalEvent[] = [...inReview, approved()];
export const rejectedHistory: ProposalEvent[] = [...inReview, { type: 'ProposalRejected', data: { reasons: ['out of scope'], at: at('2025-04-15') } }];
export const withdrawnHistory: ProposalEvent[] = [drafted, { type: 'ProposalWithdrawn', data: { reason: 'partner left', at: at('2025-02-01') } }];

/** Every state a command can meet, by name, for the "refuses in each other state" tables. */
export const histories: Record<string, ProposalEvent[]> = {
  draft,
  submitted: inReview,
  'revision-requested': returned,
  approved: approvedHistory,
  rejected: rejectedHistory,
  withdrawn: withdrawnHistory,
};
export const statesOtherThan = (...allowed: string[]) => Object.entries(histories).filter(([status]) => !allowed.includes(status));
