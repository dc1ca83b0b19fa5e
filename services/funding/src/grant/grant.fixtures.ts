// Shared by the grant specs: story 6 of STORIES.md, an innovation agency funding a social-innovation project.
import type { Money } from '@pmt/kernel';
import type { GrantEvent, GrantOpened } from './grant';
import type { GrantCommand, OpenGrantData } from './grant.decide';

export const GRANT_ID = 'grant-0001';
export const NIA = 'org-nia';
export const STEP = 'org-step';
export const CMU = 'org-cmu';
export const INVESTOR = 'org-investor';

export const thb = (baht: number): Money => ({ amount: baht * 100, currency: 'THB' });
export const usd = (dollars: number): Money => ({ amount: dollars * 100, currency: 'USD' });

/** The platform's stamp for a command issued on `today`, at 10:00 in Bangkok. */
export const on = (today: string) => ({ today, now: `${today}T03:00:00.000Z` });

export const openData: OpenGrantData = {
  id: GRANT_ID,
  proposalId: 'proposal-0001',
  title: 'Chiang Mai Food Valley: food-safety testing for SMEs',
  funderId: NIA,
  partnerIds: [STEP, CMU],
  leadTeam: 'IASA',
  awardedAmount: thb(5_000_000),
  startsOn: '2025-02-01',
  endsOn: '2026-01-31',
};

export const opened: GrantOpened = {
  type: 'GrantOpened',
  data: {
    id: GRANT_ID,
    proposalId: 'proposal-0001',
    title: openData.title as string,
    funderId: NIA,
    partnerIds: [STEP, CMU],
    leadTeam: 'IASA',
    awardedAmount: thb(5_000_000),
    startsOn: '2025-02-01',
    endsOn: '2026-01-31',
    confidential: false,
    at: on('2025-01-20').now,
  },
};

export const scheduled = (...tranches: Array<[id: string, dueOn: string, amount: Money]>): GrantEvent => ({
  type: 'TranchesScheduled',
  data: { tranches: tranches.map(([id, dueOn, amount]) => ({ id, dueOn, amount })), at: on('2025-01-21').now },
});

export const disbursed = (disbursementId: string, amount: Money, trancheId: string | null = null, day = '2025-02-05'): GrantEvent => ({
  type: 'FundsDisbursed',
  data: { disbursementId, amount, disbursedOn: day, trancheId, at: on(day).now },
});

export const spent = (expenditureId: string, amount: Money, disbursementId: string | null = null, day = '2025-03-01'): GrantEvent => ({
  type: 'ExpenditureRecorded',
  data: { expenditureId, amount, spentOn: day, category: 'equipment', disbursementId, at: on(day).now },
});

export const coInvested = (coInvestmentId: string, organisationId: string, amount: Money, day = '2025-02-10'): GrantEvent => ({
  type: 'CoInvestmentCommitted',
  data: { coInvestmentId, organisationId, amount, committedOn: day, at: on(day).now },
});

export const closedOut = (reason: string | null = null, undisbursed = thb(0), unspent = thb(0), day = '2026-02-15'): GrantEvent => ({
  type: 'GrantClosedOut',
  data: { reason, undisbursed, unspent, at: on(day).now },
});

/** Two tranches of 2.5 M; the first paid out in full and half of it spent. */
export const inProgress: GrantEvent[] = [
  opened,
  scheduled(['t1', '2025-02-01', thb(2_500_000)], ['t2', '2025-08-01', thb(2_500_000)]),
  disbursed('d1', thb(2_500_000), 't1'),
  spent('e1', thb(1_250_000), 'd1'),
];

/** Every baht disbursed and spent. */
export const fullyAccounted: GrantEvent[] = [opened, disbursed('d1', thb(5_000_000)), spent('e1', thb(5_000_000), 'd1', '2025-12-01')];

export const closed: GrantEvent[] = [...fullyAccounted, closedOut()];

/** Commands of every kind, for "refused once closed". */
export const everyCommand = (today = '2026-03-01'): GrantCommand[] => [
  { type: 'ScheduleTranches', ...on(today), data: { tranches: [{ id: 't9', dueOn: today, amount: thb(1) }] } },
  { type: 'DisburseFunds', ...on(today), data: { disbursementId: 'd9', amount: thb(1), disbursedOn: today } },
  { type: 'RecordExpenditure', ...on(today), data: { expenditureId: 'e9', amount: thb(1), spentOn: today, category: 'travel' } },
  { type: 'CommitCoInvestment', ...on(today), data: { coInvestmentId: 'c9', organisationId: INVESTOR, amount: thb(1), committedOn: today } },
  { type: 'CloseOutGrant', ...on(today), data: { reason: 'again' } },
];
