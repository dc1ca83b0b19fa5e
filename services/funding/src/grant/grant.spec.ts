import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import { grantResource } from './grant.resource';
import { grantDecider, UNTITLED, type GrantCommand, type OpenGrantData } from './grant.decide';
import {
  closed,
  closedOut,
  coInvested,
  disbursed,
  everyCommand,
  fullyAccounted,
  GRANT_ID,
  inProgress,
  INVESTOR,
  NIA,
  on,
  openData,
  opened,
  scheduled,
  spent,
  STEP,
  thb,
  usd,
} from './grant.fixtures';

const spec = DeciderSpec(grantDecider);
const open = (data: OpenGrantData = openData, today = '2025-01-20'): GrantCommand => ({ type: 'OpenGrant', data, ...on(today) });
const schedule = (tranches: Array<{ id: string; dueOn: string; amount: unknown }>, today = '2025-01-21'): GrantCommand =>
  ({ type: 'ScheduleTranches', data: { tranches }, ...on(today) }) as GrantCommand;
const disburse = (amount: unknown, trancheId?: string, disbursedOn = '2025-02-05', today = '2025-02-05'): GrantCommand =>
  ({ type: 'DisburseFunds', data: { disbursementId: 'd-new', amount, disbursedOn, trancheId }, ...on(today) }) as GrantCommand;
const spend = (amount: unknown, disbursementId?: string, spentOn = '2025-03-01', category = 'equipment', today = '2025-03-01'): GrantCommand =>
  ({ type: 'RecordExpenditure', data: { expenditureId: 'e-new', amount, spentOn, category, disbursementId }, ...on(today) }) as GrantCommand;
const coInvest = (amount: unknown, organisationId = INVESTOR, committedOn = '2025-02-10', today = '2025-02-10'): GrantCommand =>
  ({ type: 'CommitCoInvestment', data: { coInvestmentId: 'c-new', organisationId, amount, committedOn }, ...on(today) }) as GrantCommand;
const closeOut = (reason?: string, today = '2026-02-15'): GrantCommand => ({ type: 'CloseOutGrant', data: { reason }, ...on(today) });

/** The refusal a decision throws, for assertions on its field errors and details. */
function refusal(run: () => unknown): { code: string; kind: string; message: string; errors?: unknown; details?: unknown } {
  try {
    run();
  } catch (e) {
    return e as never;
  }
  throw new Error('expected a refusal');
}

describe('OpenGrant', () => {
  describe('when none', () => {
    it('opens the grant with its awarded amount and period', () => {
      spec.given([]).when(open()).then([opened]);
    });

    it('fills what a direct opening may leave out: no proposal, an untitled grant, no partners, no lead team', () => {
      const data: OpenGrantData = { id: GRANT_ID, funderId: NIA, awardedAmount: thb(100), startsOn: '2025-01-01', endsOn: '2025-01-01' };
      spec
        .given([])
        .when(open(data))
        .then([
          {
            type: 'GrantOpened',
            data: {
              id: GRANT_ID,
              proposalId: null,
              title: UNTITLED,
              funderId: NIA,
              partnerIds: [],
              leadTeam: null,
              awardedAmount: thb(100),
              startsOn: '2025-01-01',
              confidential: false,
              endsOn: '2025-01-01',
              at: on('2025-01-20').now,
            },
          },
        ]);
    });

    it('refuses a period that ends before it starts', () => {
      const e = refusal(() =>
        spec
          .given([])
          .when(open({ ...openData, endsOn: '2025-01-31' }))
          .events(),
      );
      expect(e).toMatchObject({
        code: 'GRANT.INVALID_TERMS',
        kind: 'invalid',
        errors: [{ path: 'endsOn', message: 'must be on or after startsOn (2025-02-01)' }],
      });
    });

    it.each([
      ['zero', { amount: 0, currency: 'THB' }, 'awardedAmount.amount', 'must be more than zero'],
      ['negative', { amount: -100, currency: 'THB' }, 'awardedAmount.amount', 'must be more than zero'],
      ['fractional', { amount: 10.5, currency: 'THB' }, 'awardedAmount.amount', 'must be an integer number of minor units'],
      ['not a currency code', { amount: 100, currency: 'baht' }, 'awardedAmount.currency', 'must be an ISO 4217 code like THB'],
    ])('refuses a %s awarded amount, naming the field', (_what, awardedAmount, path, message) => {
      const e = refusal(() =>
        spec
          .given([])
          .when(open({ ...openData, awardedAmount }))
          .events(),
      );
      expect(e).toMatchObject({ code: 'GRANT.INVALID_TERMS', kind: 'invalid', errors: [{ path, message }] });
    });

    it('refuses a missing funder, a partner listed twice and dates not on the calendar, all at once', () => {
      const e = refusal(() =>
        spec
          .given([])
          .when(open({ ...openData, funderId: ' ', partnerIds: [STEP, STEP], startsOn: '2025-02-30', endsOn: 'soon' }))
          .events(),
      );
      expect(e.errors).toEqual([
        { path: 'funderId', message: 'is required' },
        { path: 'partnerIds[1]', message: 'is already a partner (partnerIds[0])' },
        { path: 'startsOn', message: 'must be a calendar date (YYYY-MM-DD)' },
        { path: 'endsOn', message: 'must be a calendar date (YYYY-MM-DD)' },
      ]);
    });

    it('refuses the funder named as a partner', () => {
      const e = refusal(() =>
        spec
          .given([])
          .when(open({ ...openData, partnerIds: [STEP, NIA] }))
          .events(),
      );
      expect(e.errors).toEqual([{ path: 'partnerIds[1]', message: 'is the funder; a funder is not also a partner' }]);
    });
  });

  describe('when it exists', () => {
    it('refuses to open it again, naming the proposal', () => {
      spec.given([opened]).when(open()).thenThrows('GRANT.ALREADY_EXISTS', 'a grant for proposal proposal-0001 already exists');
    });
  });
});

describe('ScheduleTranches', () => {
  it('schedules tranches up to the awarded amount', () => {
    const tranches = [
      { id: 't1', dueOn: '2025-02-01', amount: thb(2_000_000) },
      { id: 't2', dueOn: '2025-08-01', amount: thb(3_000_000) },
    ];
    spec
      .given([opened])
      .when(schedule(tranches))
      .then([{ type: 'TranchesScheduled', data: { tranches, at: on('2025-01-21').now } }]);
  });

  it('refuses tranches that together with those scheduled exceed the award, saying how much remains unscheduled', () => {
    const given = [opened, scheduled(['t1', '2025-02-01', thb(3_500_000)])];
    const e = refusal(() =>
      spec
        .given(given)
        .when(
          schedule([
            { id: 't2', dueOn: '2025-08-01', amount: thb(1_000_000) },
            { id: 't3', dueOn: '2025-09-01', amount: thb(600_000) },
          ]),
        )
        .events(),
    );
    expect(e).toMatchObject({
      code: 'GRANT.OVER_SCHEDULED',
      kind: 'conflict',
      message: 'Grant is "open": scheduling 1,600,000.00 THB would exceed the awarded 5,000,000.00 THB; 1,500,000.00 THB remains unscheduled',
      details: { status: 'open', unscheduled: thb(1_500_000), requested: thb(1_600_000) },
    });
  });

  it('refuses a tranche in another currency, a zero amount and a bad due date, naming each field', () => {
    const e = refusal(() =>
      spec
        .given([opened])
        .when(
          schedule([
            { id: 't1', dueOn: '2025-02-01', amount: usd(100) },
            { id: 't2', dueOn: '2025-13-01', amount: thb(0) },
          ]),
        )
        .events(),
    );
    expect(e).toMatchObject({
      code: 'GRANT.INVALID_TRANCHES',
      kind: 'invalid',
      errors: [
        { path: 'tranches[0].amount.currency', message: "must be THB, the grant's currency" },
        { path: 'tranches[1].dueOn', message: 'must be a calendar date (YYYY-MM-DD)' },
        { path: 'tranches[1].amount.amount', message: 'must be more than zero' },
      ],
    });
  });

  it('refuses an empty schedule', () => {
    spec.given([opened]).when(schedule([])).thenThrows('GRANT.INVALID_TRANCHES', 'tranches name at least one tranche');
  });

  it('answers not found for a grant never opened', () => {
    spec
      .given([])
      .when(schedule([{ id: 't1', dueOn: '2025-02-01', amount: thb(1) }]))
      .thenThrows('GRANT.NOT_FOUND');
  });
});

describe('ScheduleTranches past the exact range', () => {
  it('refuses tranches whose sum no double holds exactly (422 MONEY.OVERFLOW), not a rounded comparison', () => {
    const huge = { amount: Number.MAX_SAFE_INTEGER, currency: 'THB' };
    const e = refusal(() =>
      spec
        .given([opened])
        .when(
          schedule([
            { id: 't1', dueOn: '2025-02-01', amount: huge },
            { id: 't2', dueOn: '2025-03-01', amount: huge },
          ]),
        )
        .events(),
    );
    expect(e).toMatchObject({ code: 'MONEY.OVERFLOW', kind: 'unprocessable' });
  });
});

describe('DisburseFunds', () => {
  it('disburses against a tranche', () => {
    spec
      .given(inProgress)
      .when(disburse(thb(1_000_000), 't2'))
      .then([
        {
          type: 'FundsDisbursed',
          data: { disbursementId: 'd-new', amount: thb(1_000_000), disbursedOn: '2025-02-05', trancheId: 't2', at: on('2025-02-05').now },
        },
      ]);
  });

  it('disburses without a tranche, up to exactly the awarded total', () => {
    const events = spec
      .given(inProgress)
      .when(disburse(thb(2_500_000)))
      .events();
    expect(events[0].data).toMatchObject({ amount: thb(2_500_000), trancheId: null });
  });

  it('refuses more than the awarded total, saying how much remains', () => {
    const e = refusal(() =>
      spec
        .given([opened, disbursed('d1', thb(3_500_000))])
        .when(disburse(thb(2_000_000)))
        .events(),
    );
    expect(e).toMatchObject({
      code: 'GRANT.OVER_DISBURSED',
      kind: 'conflict',
      message: 'Grant is "open": disbursing 2,000,000.00 THB would exceed the awarded 5,000,000.00 THB; 1,500,000.00 THB remains',
      details: { remaining: thb(1_500_000), requested: thb(2_000_000) },
    });
  });

  it('refuses a tranche that is not the grant’s (400 naming trancheId)', () => {
    const e = refusal(() =>
      spec
        .given(inProgress)
        .when(disburse(thb(1), 't9'))
        .events(),
    );
    expect(e).toMatchObject({
      code: 'GRANT.INVALID_DISBURSEMENT',
      kind: 'invalid',
      errors: [{ path: 'trancheId', message: 'is not a tranche of this grant (tranches: t1, t2)' }],
    });
  });

  it('refuses another currency, a fractional amount and a date ahead of today', () => {
    expect(
      refusal(() =>
        spec
          .given(inProgress)
          .when(disburse(usd(10)))
          .events(),
      ).errors,
    ).toEqual([{ path: 'amount.currency', message: "must be THB, the grant's currency" }]);
    expect(
      refusal(() =>
        spec
          .given(inProgress)
          .when(disburse({ amount: 0.5, currency: 'THB' }))
          .events(),
      ).errors,
    ).toEqual([{ path: 'amount.amount', message: 'must be an integer number of minor units' }]);
    expect(
      refusal(() =>
        spec
          .given(inProgress)
          .when(disburse(thb(1), undefined, '2025-02-06'))
          .events(),
      ).errors,
    ).toEqual([{ path: 'disbursedOn', message: 'cannot be after today (2025-02-05)' }]);
  });
});

describe('RecordExpenditure', () => {
  it('records spending of disbursed money against its disbursement', () => {
    spec
      .given(inProgress)
      .when(spend(thb(1_000_000), 'd1'))
      .then([
        {
          type: 'ExpenditureRecorded',
          data: {
            expenditureId: 'e-new',
            amount: thb(1_000_000),
            spentOn: '2025-03-01',
            category: 'equipment',
            disbursementId: 'd1',
            at: on('2025-03-01').now,
          },
        },
      ]);
  });

  it('refuses to spend more than was disbursed and is unspent, saying what remains', () => {
    spec
      .given(inProgress)
      .when(spend(thb(1_250_001)))
      .thenThrows('GRANT.OVER_SPENT', '; 1,250,000.00 THB remains');
    spec
      .given([opened])
      .when(spend(thb(1)))
      .thenThrows('GRANT.OVER_SPENT', '0.00 THB remains');
  });

  it('refuses to spend more than is left of the named disbursement', () => {
    const given = [...inProgress, disbursed('d2', thb(1_000_000), 't2')];
    const e = refusal(() =>
      spec
        .given(given)
        .when(spend(thb(1_500_000), 'd2'))
        .events(),
    );
    expect(e).toMatchObject({
      code: 'GRANT.OVER_SPENT',
      message: 'Grant is "open": spending 1,500,000.00 THB would exceed what is left of disbursement d2; 1,000,000.00 THB of it remains',
      details: { unspent: thb(1_000_000), disbursementId: 'd2' },
    });
  });

  it('refuses an unknown disbursement, a blank category and another currency, naming each', () => {
    const e = refusal(() =>
      spec
        .given(inProgress)
        .when(spend(usd(5), 'd9', '2025-03-01', ' '))
        .events(),
    );
    expect(e).toMatchObject({
      code: 'GRANT.INVALID_EXPENDITURE',
      errors: [
        { path: 'amount.currency', message: "must be THB, the grant's currency" },
        { path: 'category', message: 'is required' },
        { path: 'disbursementId', message: 'is not a disbursement of this grant (disbursements: d1)' },
      ],
    });
  });
});

describe('CommitCoInvestment', () => {
  it('records a co-investment in the co-investor’s own currency', () => {
    spec
      .given(inProgress)
      .when(coInvest(usd(250_000)))
      .then([
        {
          type: 'CoInvestmentCommitted',
          data: { coInvestmentId: 'c-new', organisationId: INVESTOR, amount: usd(250_000), committedOn: '2025-02-10', at: on('2025-02-10').now },
        },
      ]);
  });

  it('refuses a zero amount, a blank organisation and a commitment dated ahead of today', () => {
    const e = refusal(() =>
      spec
        .given(inProgress)
        .when(coInvest(thb(0), '', '2025-03-01'))
        .events(),
    );
    expect(e.errors).toEqual([
      { path: 'amount.amount', message: 'must be more than zero' },
      { path: 'committedOn', message: 'cannot be after today (2025-02-10)' },
      { path: 'organisationId', message: 'is required' },
    ]);
  });

  it('refuses a commitment whose per-currency total would leave the exact range, and takes one in another currency', () => {
    const nearlyAll = { amount: Number.MAX_SAFE_INTEGER - 10, currency: 'USD' };
    const given = [...inProgress, coInvested('c1', INVESTOR, nearlyAll)];
    const e = refusal(() =>
      spec
        .given(given)
        .when(coInvest({ amount: 11, currency: 'USD' }))
        .events(),
    );
    expect(e).toMatchObject({ code: 'MONEY.OVERFLOW', kind: 'unprocessable' });
    // up to the last exact unit is fine, and another currency has its own sum
    expect(
      spec
        .given(given)
        .when(coInvest({ amount: 10, currency: 'USD' }))
        .events(),
    ).toHaveLength(1);
    expect(
      spec
        .given(given)
        .when(coInvest({ amount: Number.MAX_SAFE_INTEGER, currency: 'THB' }))
        .events(),
    ).toHaveLength(1);
  });
});

describe('CloseOutGrant', () => {
  it('closes out a grant whose money is all accounted for', () => {
    spec.given(fullyAccounted).when(closeOut()).then([closedOut()]);
  });

  it('refuses while money is unaccounted for, naming both amounts', () => {
    const e = refusal(() => spec.given(inProgress).when(closeOut()).events());
    expect(e).toMatchObject({
      code: 'GRANT.MONEY_UNACCOUNTED',
      kind: 'conflict',
      message:
        'Grant is "open": 2,500,000.00 THB of the awarded 5,000,000.00 THB is not disbursed and 1,250,000.00 THB disbursed is not spent; give a reason to close it out anyway',
      details: { undisbursed: thb(2_500_000), unspent: thb(1_250_000) },
    });
  });

  it('refuses a blank reason like none', () => {
    spec
      .given([opened, disbursed('d1', thb(5_000_000))])
      .when(closeOut('  '))
      .thenThrows('GRANT.MONEY_UNACCOUNTED', '5,000,000.00 THB disbursed is not spent');
  });

  it('closes out with a reason, recording what was never disbursed or spent', () => {
    spec
      .given(inProgress)
      .when(closeOut('project ended early; the funder withdrew the second tranche'))
      .then([closedOut('project ended early; the funder withdrew the second tranche', thb(2_500_000), thb(1_250_000))]);
  });
});

describe('a closed grant', () => {
  it.each(everyCommand().map((c) => [c.type, c] as const))('refuses %s, naming the state', (_type, command) => {
    spec.given(closed).when(command).thenThrows('GRANT.CLOSED', 'Grant is "closed"');
  });

  it('refuses to be opened again', () => {
    spec.given(closed).when(open()).thenThrows('GRANT.ALREADY_EXISTS');
  });
});

describe('money through the life of a grant', () => {
  it('adds co-investments per currency and keeps every total exact', () => {
    // the co-investments are the resource's: the decider keeps only the totals it caps
    const state = ResourceSpec(grantResource)
      .given([
        ...inProgress,
        coInvested('c1', INVESTOR, usd(100_000)),
        coInvested('c2', STEP, thb(300_000)),
        coInvested('c3', INVESTOR, usd(50_000)),
        // one satang, to see that nothing is rounded
        disbursed('d2', { amount: 1, currency: 'THB' }, 't2'),
        spent('e2', { amount: 1, currency: 'THB' }, 'd2'),
      ])
      .resource();
    expect(state).toMatchObject({
      totals: {
        scheduled: thb(5_000_000),
        disbursed: { amount: 250_000_001, currency: 'THB' },
        spent: { amount: 125_000_001, currency: 'THB' },
        remaining: { amount: 249_999_999, currency: 'THB' },
        unspent: thb(1_250_000),
        coInvested: [usd(150_000), thb(300_000)],
      },
    });
  });
});
