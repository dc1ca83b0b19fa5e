import { GRANT } from '../../infra/nats/subjects';

/** The funding service's grant command subjects, fixed by its routes (services/funding/src/grant/transport). */
export const GrantCommands = {
  open: `${GRANT}.open`,
  scheduleTranches: `${GRANT}.schedule-tranches`,
  disburse: `${GRANT}.disburse`,
  recordExpenditure: `${GRANT}.record-expenditure`,
  commitCoInvestment: `${GRANT}.commit-co-investment`,
  closeOut: `${GRANT}.close-out`,
} as const;
