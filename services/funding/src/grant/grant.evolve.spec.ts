import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import { grantIdOf, type GrantEvent, type GrantState } from './grant';
import { APPROVED_GRANT_TERM_MONTHS, grantFromApproval, openGrantCommandIdOf } from './grant.approval';
import { grantDecider } from './grant.decide';
import { closedOut, CMU, GRANT_ID, inProgress, NIA, on, opened, STEP, thb } from './grant.fixtures';
import { formatMoney } from './grant.money';
import { grantResource } from './grant.resource';

const decisionOf = (events: GrantEvent[]): GrantState => DeciderSpec(grantDecider).given(events).state();
const stateOf = (events: GrantEvent[]) => ResourceSpec(grantResource).given(events).resource();

/** The decider's own state: what the caps and refusals need (the resource is grant.resource.ts). */
describe('the grant decision state', () => {
  it('starts as none', () => {
    expect(grantDecider.initialState()).toEqual({ status: 'none' });
  });

  it("while open: the award, tranche ids, the capped totals, each disbursement's spending and the co-investment sums, nothing else", () => {
    expect(decisionOf(inProgress)).toEqual({
      status: 'open',
      id: GRANT_ID,
      proposalId: 'proposal-0001',
      confidential: false,
      leadTeam: 'IASA',
      awardedAmount: thb(5_000_000),
      trancheIds: ['t1', 't2'],
      disbursements: [{ id: 'd1', amount: thb(2_500_000), spent: thb(1_250_000) }],
      pending: [],
      totals: { scheduled: thb(5_000_000), disbursed: thb(2_500_000), spent: thb(1_250_000), remaining: thb(2_500_000), unspent: thb(1_250_000) },
      coInvested: [],
    });
  });

  it('once closed: who it is and when it closed', () => {
    expect(decisionOf([...inProgress, closedOut('ended early', thb(2_500_000), thb(1_250_000))])).toEqual({
      status: 'closed',
      id: GRANT_ID,
      proposalId: 'proposal-0001',
      confidential: false,
      leadTeam: 'IASA',
      closedAt: on('2026-02-15').now,
    });
  });
});

describe('the grant resource', () => {
  it('starts as none', () => {
    expect(grantResource.initialState()).toEqual({ status: 'none' });
  });

  it('after GrantOpened: the whole resource, every key present, plain JSON', () => {
    expect(stateOf([opened])).toEqual({
      id: GRANT_ID,
      status: 'open',
      proposalId: 'proposal-0001',
      title: opened.data.title,
      funderId: NIA,
      partnerIds: [STEP, CMU],
      leadTeam: 'IASA',
      confidential: false,
      awardedAmount: thb(5_000_000),
      startsOn: '2025-02-01',
      endsOn: '2026-01-31',
      tranches: [],
      disbursements: [],
      expenditures: [],
      coInvestments: [],
      totals: { scheduled: thb(0), disbursed: thb(0), spent: thb(0), remaining: thb(5_000_000), unspent: thb(0), coInvested: [] },
      closeOut: null,
      createdAt: on('2025-01-20').now,
      updatedAt: on('2025-01-20').now,
    });
  });

  it('tracks what was disbursed per tranche and spent per disbursement', () => {
    const s = stateOf(inProgress);
    if (s.status === 'none') throw new Error('expected a grant');
    expect(s.tranches.map((t) => [t.id, t.disbursed.amount])).toEqual([
      ['t1', 250_000_000],
      ['t2', 0],
    ]);
    expect(s.disbursements).toEqual([
      {
        id: 'd1',
        amount: thb(2_500_000),
        disbursedOn: '2025-02-05',
        trancheId: 't1',
        spent: thb(1_250_000),
        status: 'confirmed',
        requestedBy: null,
        confirmedBy: null,
        at: on('2025-02-05').now,
      },
    ]);
    expect(s.expenditures).toEqual([
      { id: 'e1', amount: thb(1_250_000), spentOn: '2025-03-01', category: 'equipment', disbursementId: 'd1', at: on('2025-03-01').now },
    ]);
    expect(s.totals).toMatchObject({ remaining: thb(2_500_000), unspent: thb(1_250_000) });
  });

  it('after GrantClosedOut: closed, with the close-out on record', () => {
    const s = stateOf([...inProgress, closedOut('ended early', thb(2_500_000), thb(1_250_000))]);
    expect(s).toMatchObject({
      status: 'closed',
      closeOut: { reason: 'ended early', undisbursed: thb(2_500_000), unspent: thb(1_250_000), at: on('2026-02-15').now },
      updatedAt: on('2026-02-15').now,
    });
  });
});

describe('formatMoney', () => {
  it('writes minor units as the currency’s decimals, with thousands separators', () => {
    expect(formatMoney(thb(1_500_000))).toBe('1,500,000.00 THB');
    expect(formatMoney({ amount: 5, currency: 'THB' })).toBe('0.05 THB');
    expect(formatMoney({ amount: 1234, currency: 'JPY' })).toBe('1,234 JPY');
    expect(formatMoney({ amount: -150, currency: 'USD' })).toBe('-1.50 USD');
    expect(formatMoney({ amount: Number.MAX_SAFE_INTEGER, currency: 'THB' })).toBe('90,071,992,547,409.91 THB');
  });
});

describe('grantFromApproval', () => {
  const approval = {
    proposalId: '0190a0c4-1111-7000-8000-000000000001',
    title: 'ระบบตรวจสอบความปลอดภัยอาหาร',
    leadTeam: 'IASA',
    funderId: NIA,
    partnerIds: [STEP],
    awardedAmount: thb(4_000_000),
    requestedAmount: thb(5_000_000),
    reasons: ['strong partnership'],
    // 20:00 UTC is already the next day in Bangkok
    at: '2025-03-14T20:00:00.000Z',
  };

  it('opens the proposal’s grant, from the Bangkok date of the approval for the default term', () => {
    expect(grantFromApproval(approval, '2025-03-15T00:00:00Z')).toEqual({
      id: grantIdOf(approval.proposalId),
      proposalId: approval.proposalId,
      title: approval.title,
      funderId: NIA,
      partnerIds: [STEP],
      leadTeam: 'IASA',
      confidential: false,
      awardedAmount: thb(4_000_000),
      startsOn: '2025-03-15',
      endsOn: '2026-03-14',
    });
    expect(APPROVED_GRANT_TERM_MONTHS).toBe(12);
  });

  it('opens a confidential proposal’s grant confidential, led by the proposal’s team', () => {
    expect(grantFromApproval({ ...approval, confidential: true }, '2025-03-15T00:00:00Z')).toMatchObject({ confidential: true, leadTeam: 'IASA' });
  });

  it('gives one proposal one grant id, and one approval event one command id', () => {
    expect(grantIdOf(approval.proposalId)).toBe(grantIdOf(approval.proposalId));
    expect(grantIdOf(approval.proposalId)).not.toBe(grantIdOf('0190a0c4-1111-7000-8000-000000000002'));
    expect(openGrantCommandIdOf('event-1')).toBe(openGrantCommandIdOf('event-1'));
    expect(openGrantCommandIdOf('event-1')).not.toBe(openGrantCommandIdOf('event-2'));
  });

  it('refuses an approval without a proposal id: it can never open a grant', () => {
    expect(() => grantFromApproval({ ...approval, proposalId: undefined }, approval.at)).toThrow(
      expect.objectContaining({ code: 'GRANT.UNUSABLE_APPROVAL', kind: 'invalid' }),
    );
  });

  it('leaves the other facts to OpenGrant, which refuses a bad award like a direct opening', () => {
    const data = grantFromApproval({ ...approval, awardedAmount: { amount: 0, currency: 'THB' } }, approval.at);
    const run = () => grantDecider.decide({ type: 'OpenGrant', ...on('2025-03-15'), data }, grantDecider.initialState());
    expect(run).toThrow(expect.objectContaining({ code: 'GRANT.INVALID_TERMS', kind: 'invalid' }));
  });
});
