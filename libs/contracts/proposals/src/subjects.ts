import { eventSubject, querySubjects, serviceSubjects } from '@pmt/contracts-common';

export const PROPOSAL_PREFIX = 'proposals.proposal';

/** Commands the proposals service answers; the gateway sends these strings, the routes listen on them. */
export const ProposalCommands = {
  create: `${PROPOSAL_PREFIX}.create`,
  reviseDraft: `${PROPOSAL_PREFIX}.revise-draft`,
  noteReview: `${PROPOSAL_PREFIX}.note-review`,
  submit: `${PROPOSAL_PREFIX}.submit`,
  decide: `${PROPOSAL_PREFIX}.decide`,
  resubmit: `${PROPOSAL_PREFIX}.resubmit`,
  withdraw: `${PROPOSAL_PREFIX}.withdraw`,
  setConfidentiality: `${PROPOSAL_PREFIX}.set-confidentiality`,
} as const;

/** get, list and the history/audit queries (docs/history-and-audit.md). */
export const ProposalQueries = querySubjects(PROPOSAL_PREFIX);

export const ProposalsService = serviceSubjects('proposals');

/** The approval funding opens a grant from. */
export const PROPOSAL_APPROVED_SUBJECT = eventSubject('proposals', 'proposal', 'ProposalApproved');
