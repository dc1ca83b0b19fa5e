import { describe, it, expect } from '@jest/globals';
import type { Money } from '@pmt/kernel';
import { DeciderSpec } from '@pmt/testing';
import { proposalDecider, type DecideProposal, type ProposalCommand } from './proposal.decide';
import { approved, at, baht, draft, inReview, on, REQUESTED, resubmitted, returned, revisionRequested, statesOtherThan } from './proposal.fixtures';

const spec = DeciderSpec(proposalDecider);
const decision = (data: DecideProposal['data'], today = '2025-06-01'): ProposalCommand => ({ type: 'DecideProposal', data, ...on(today) });
const approve = (awardedAmount: Money | null | undefined = baht(200_000_000), reasons?: string[]) =>
  decision({ outcome: 'approved', awardedAmount, ...(reasons && { reasons }) });
const resubmit = (data: { requestedAmount?: Money | null; note?: string | null } = {}): ProposalCommand => ({
  type: 'ResubmitProposal',
  data,
  ...on('2025-05-01'),
});
const withdraw = (reason = 'partner left', today = '2025-02-01'): ProposalCommand => ({ type: 'WithdrawProposal', data: { reason }, ...on(today) });

const errorsOf = (command: ProposalCommand, history = inReview): unknown => {
  try {
    spec.given(history).when(command).events();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('DecideProposal', () => {
  describe('when submitted', () => {
    it('approves with a self-contained event: the funding service opens a grant from it alone', () => {
      spec.given(inReview).when(approve()).then([approved()]);
    });

    it('approves the whole amount requested, with reasons', () => {
      const events = spec
        .given(inReview)
        .when(approve(REQUESTED, ['strong partner commitment']))
        .events();
      expect(events[0].data).toMatchObject({ awardedAmount: REQUESTED, reasons: ['strong partner commitment'] });
    });

    it('refuses an approval without an amount', () => {
      expect(errorsOf(decision({ outcome: 'approved' }))).toMatchObject({
        code: 'PROPOSAL.INVALID_DECISION',
        errors: [{ path: 'awardedAmount', message: 'is required when the outcome is approved' }],
      });
    });

    it('refuses an award in another currency than requested, naming awardedAmount.currency', () => {
      expect(errorsOf(approve({ amount: 100, currency: 'USD' }))).toMatchObject({
        code: 'PROPOSAL.INVALID_DECISION',
        kind: 'invalid',
        errors: [{ path: 'awardedAmount.currency', message: 'must be THB, the currency of the amount requested' }],
      });
    });

    it('refuses more than was requested, naming awardedAmount.amount', () => {
      expect(errorsOf(approve(baht(REQUESTED.amount + 1)))).toMatchObject({
        errors: [{ path: 'awardedAmount.amount', message: 'must not be more than the amount requested (250000000 THB)' }],
      });
    });

    it('refuses a fractional, zero or negative award', () => {
      for (const amount of [0.5, 0, -1])
        spec
          .given(inReview)
          .when(approve(baht(amount)))
          .thenThrows('PROPOSAL.INVALID_DECISION', 'awardedAmount.amount');
    });

    it('rejects with the funder’s reasons', () => {
      spec
        .given(inReview)
        .when(decision({ outcome: 'rejected', reasons: ['out of scope'] }))
        .then([{ type: 'ProposalRejected', data: { reasons: ['out of scope'], at: at('2025-06-01') } }]);
    });

    it('requests a revision with the funder’s reasons', () => {
      spec
        .given(inReview)
        .when(decision({ outcome: 'revision-requested', reasons: ['show the co-investment of the partners'] }, '2025-04-15'))
        .then([revisionRequested()]);
    });

    it.each(['rejected', 'revision-requested'] as const)('refuses %s without a reason, or with a blank one', (outcome) => {
      expect(errorsOf(decision({ outcome }))).toMatchObject({
        errors: [{ path: 'reasons', message: `give at least one reason when the outcome is ${outcome}` }],
      });
      expect(errorsOf(decision({ outcome, reasons: [] }))).toMatchObject({ errors: [{ path: 'reasons' }] });
      expect(errorsOf(decision({ outcome, reasons: ['ok', ' '] }))).toMatchObject({ errors: [{ path: 'reasons[1]' }] });
    });

    it('refuses an awarded amount on a rejection', () => {
      expect(errorsOf(decision({ outcome: 'rejected', reasons: ['no'], awardedAmount: baht(1) }))).toMatchObject({ errors: [{ path: 'awardedAmount' }] });
    });

    it('refuses an unknown outcome', () => {
      spec
        .given(inReview)
        .when(decision({ outcome: 'maybe' as never, reasons: ['x'] }))
        .thenThrows('PROPOSAL.INVALID_DECISION', 'outcome');
    });
  });

  describe.each(statesOtherThan('submitted'))('when %s', (status, history) => {
    it('refuses, naming the state', () => {
      spec.given(history).when(approve()).thenThrows('PROPOSAL.NOT_DECIDABLE', `Proposal is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(approve()).thenThrows('PROPOSAL.NOT_FOUND');
    });
  });
});

describe('ResubmitProposal', () => {
  describe('when revision-requested', () => {
    it('resubmits, stating the amount requested even when unchanged', () => {
      spec.given(returned).when(resubmit()).then([resubmitted()]);
    });

    it('resubmits a new amount with a note', () => {
      spec
        .given(returned)
        .when(resubmit({ requestedAmount: baht(180_000_000), note: 'partners co-invest 20%' }))
        .then([resubmitted(baht(180_000_000), 'partners co-invest 20%')]);
    });

    it('refuses another currency, naming requestedAmount.currency', () => {
      expect(errorsOf(resubmit({ requestedAmount: { amount: 100, currency: 'USD' } }), returned)).toMatchObject({
        code: 'PROPOSAL.INVALID_RESUBMISSION',
        errors: [{ path: 'requestedAmount.currency', message: 'must be THB, the currency of the amount requested' }],
      });
    });

    it('refuses a fractional or negative amount', () => {
      for (const amount of [10.25, -5])
        spec
          .given(returned)
          .when(resubmit({ requestedAmount: baht(amount) }))
          .thenThrows('PROPOSAL.INVALID_RESUBMISSION', 'requestedAmount.amount');
    });

    it('lets the funder decide again on the resubmitted amount', () => {
      const history = [...returned, resubmitted(baht(180_000_000))];
      expect(errorsOf(approve(baht(200_000_000)), history)).toMatchObject({ errors: [{ path: 'awardedAmount.amount' }] });
      expect(
        spec
          .given(history)
          .when(approve(baht(180_000_000)))
          .events()[0].data,
      ).toMatchObject({ requestedAmount: baht(180_000_000) });
    });
  });

  describe('when draft', () => {
    it('refuses, pointing to a submission', () => {
      spec.given(draft).when(resubmit()).thenThrows('PROPOSAL.NOT_RESUBMITTABLE', 'Proposal is "draft": a draft is sent as a submission');
    });
  });

  describe.each(statesOtherThan('revision-requested', 'draft'))('when %s', (status, history) => {
    it('refuses, naming the state', () => {
      spec.given(history).when(resubmit()).thenThrows('PROPOSAL.NOT_RESUBMITTABLE', `Proposal is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(resubmit()).thenThrows('PROPOSAL.NOT_FOUND');
    });
  });
});

describe('WithdrawProposal', () => {
  describe.each([
    ['draft', draft],
    ['submitted', inReview],
    ['revision-requested', returned],
  ])('when %s', (_status, history) => {
    it('withdraws with the reason', () => {
      spec
        .given(history)
        .when(withdraw())
        .then([{ type: 'ProposalWithdrawn', data: { reason: 'partner left', at: at('2025-02-01') } }]);
    });
  });

  it('refuses without a reason', () => {
    spec.given(draft).when(withdraw('  ')).thenThrows('PROPOSAL.INVALID_WITHDRAWAL', 'reason');
  });

  describe.each(statesOtherThan('draft', 'submitted', 'revision-requested'))('when %s', (status, history) => {
    it('refuses: the proposal is closed', () => {
      spec.given(history).when(withdraw()).thenThrows('PROPOSAL.NOT_WITHDRAWABLE', `Proposal is "${status}"`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(withdraw()).thenThrows('PROPOSAL.NOT_FOUND');
    });
  });
});
