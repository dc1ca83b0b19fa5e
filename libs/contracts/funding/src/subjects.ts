import { querySubjects, serviceSubjects } from '@pmt/contracts-common';

export const GRANT_PREFIX = 'funding.grant';

/** Commands the funding service answers; the gateway sends these strings, the routes listen on them. */
export const GrantCommands = {
  open: `${GRANT_PREFIX}.open`,
  scheduleTranches: `${GRANT_PREFIX}.schedule-tranches`,
  disburse: `${GRANT_PREFIX}.disburse`,
  confirmDisbursement: `${GRANT_PREFIX}.confirm-disbursement`,
  recordExpenditure: `${GRANT_PREFIX}.record-expenditure`,
  commitCoInvestment: `${GRANT_PREFIX}.commit-co-investment`,
  closeOut: `${GRANT_PREFIX}.close-out`,
  setConfidentiality: `${GRANT_PREFIX}.set-confidentiality`,
} as const;

/** get, list and the history/audit queries (docs/history-and-audit.md). */
export const GrantQueries = querySubjects(GRANT_PREFIX);

export const FundingService = serviceSubjects('funding');
