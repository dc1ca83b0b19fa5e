import { PROPOSAL } from '../../infra/nats/subjects';

/** The proposals service's command subjects, fixed by its routes (services/proposals/src/proposal/transport). */
export const ProposalCommands = {
  create: `${PROPOSAL}.create`,
  reviseDraft: `${PROPOSAL}.revise-draft`,
  noteReview: `${PROPOSAL}.note-review`,
  submit: `${PROPOSAL}.submit`,
  decide: `${PROPOSAL}.decide`,
  resubmit: `${PROPOSAL}.resubmit`,
  withdraw: `${PROPOSAL}.withdraw`,
} as const;
