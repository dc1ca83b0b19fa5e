import { querySubjects, serviceSubjects } from '@pmt/contracts-common';

export const MOU_PREFIX = 'mous.mou';

/** Commands the mous service answers; the gateway sends these strings, the routes listen on them. */
export const MouCommands = {
  create: `${MOU_PREFIX}.create`,
  reviseTerms: `${MOU_PREFIX}.revise-terms`,
  requestSignatures: `${MOU_PREFIX}.request-signatures`,
  sign: `${MOU_PREFIX}.sign`,
  activate: `${MOU_PREFIX}.activate`,
  amend: `${MOU_PREFIX}.amend`,
  reportKpiProgress: `${MOU_PREFIX}.report-kpi-progress`,
  renew: `${MOU_PREFIX}.renew`,
  expire: `${MOU_PREFIX}.expire`,
  terminate: `${MOU_PREFIX}.terminate`,
  setConfidentiality: `${MOU_PREFIX}.set-confidentiality`,
} as const;

/** get, list and the history/audit queries of one MOU (docs/history-and-audit.md). */
export const MouQueries = querySubjects(MOU_PREFIX);

export const MousService = serviceSubjects('mous');
