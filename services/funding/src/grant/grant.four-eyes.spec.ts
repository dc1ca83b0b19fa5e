import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import type { GrantEvent } from './grant';
import { grantDecider, type GrantCommand } from './grant.decide';
import { grantResource } from './grant.resource';
import { disbursed, on, opened, thb } from './grant.fixtures';

// Four eyes on money: above the threshold a disbursement is requested by one staff member and counts only when another confirms it.
const spec = DeciderSpec(grantDecider);
const THRESHOLD = thb(1_000_000).amount;
const disburse = (baht: number, requestedBy = 'alice', fourEyesThreshold: number | null = THRESHOLD): GrantCommand => ({
  type: 'DisburseFunds',
  ...on('2025-02-05'),
  data: { disbursementId: 'd-big', amount: thb(baht), disbursedOn: '2025-02-05', requestedBy, fourEyesThreshold },
});
const confirm = (confirmedBy: string, disbursementId = 'd-big'): GrantCommand => ({
  type: 'ConfirmDisbursement',
  ...on('2025-02-06'),
  data: { disbursementId, confirmedBy },
});

const requested = (baht = 2_000_000): GrantEvent => ({
  type: 'DisbursementRequested',
  data: {
    disbursementId: 'd-big',
    amount: thb(baht),
    disbursedOn: '2025-02-05',
    trancheId: null,
    requestedBy: 'alice',
    threshold: THRESHOLD,
    at: on('2025-02-05').now,
  },
});
const confirmed = (baht = 2_000_000): GrantEvent => ({
  type: 'DisbursementConfirmed',
  data: {
    disbursementId: 'd-big',
    amount: thb(baht),
    disbursedOn: '2025-02-05',
    trancheId: null,
    requestedBy: 'alice',
    confirmedBy: 'bob',
    at: on('2025-02-06').now,
  },
});

describe('DisburseFunds with a four-eyes threshold', () => {
  it('above the threshold only requests the disbursement, naming who asked', () => {
    spec.given([opened]).when(disburse(2_000_000)).then([requested()]);
  });

  it('at the threshold disburses at once, as without one', () => {
    spec
      .given([opened])
      .when(disburse(1_000_000))
      .then([disbursed('d-big', thb(1_000_000))]);
  });

  it('with no threshold (off) disburses any amount at once', () => {
    spec
      .given([opened])
      .when(disburse(2_000_000, 'alice', null))
      .then([disbursed('d-big', thb(2_000_000))]);
  });

  it('counts pending money as promised: it cannot be disbursed a second time', () => {
    // 5 M awarded, 4 M waiting for confirmation: 1.5 M more is over the award
    spec
      .given([opened, requested(4_000_000)])
      .when(disburse(1_500_000, 'carol', null))
      .thenThrows('GRANT.OVER_DISBURSED');
  });
});

describe('ConfirmDisbursement', () => {
  it('by another staff member counts the disbursement, naming both', () => {
    spec.given([opened, requested()]).when(confirm('bob')).then([confirmed()]);
  });

  it('by the requester is forbidden (403)', () => {
    expect(() => spec.given([opened, requested()]).when(confirm('alice')).then([])).toThrow(
      expect.objectContaining({ code: 'GRANT.FOUR_EYES', kind: 'forbidden' }),
    );
  });

  it('must come before close-out: a grant with a disbursement awaiting confirmation does not close (409)', () => {
    const closeOut: GrantCommand = { type: 'CloseOutGrant', ...on('2025-03-01'), data: { reason: 'programme ended' } };
    spec.given([opened, requested()]).when(closeOut).thenThrows('GRANT.DISBURSEMENT_PENDING');
  });

  it('twice is a conflict (409)', () => {
    expect(() => spec.given([opened, requested(), confirmed()]).when(confirm('carol')).then([])).toThrow(
      expect.objectContaining({ code: 'GRANT.DISBURSEMENT_ALREADY_CONFIRMED', kind: 'conflict' }),
    );
  });

  it('of a disbursement the grant does not have is not found (404)', () => {
    expect(() => spec.given([opened, requested()]).when(confirm('bob', 'd-other')).then([])).toThrow(
      expect.objectContaining({ code: 'GRANT.DISBURSEMENT_NOT_FOUND', kind: 'not-found' }),
    );
  });
});

describe('the grant resource under four eyes', () => {
  it('shows a requested disbursement as pending and leaves the totals alone', () => {
    const grant = ResourceSpec(grantResource).given([opened]).when(requested()).resource();
    expect(grant).toMatchObject({
      disbursements: [{ id: 'd-big', status: 'pending-confirmation', requestedBy: 'alice', confirmedBy: null }],
      totals: { disbursed: thb(0), remaining: thb(5_000_000) },
    });
  });

  it('counts it once confirmed, keeping who asked and who confirmed', () => {
    const grant = ResourceSpec(grantResource).given([opened, requested()]).when(confirmed()).resource();
    expect(grant).toMatchObject({
      disbursements: [{ id: 'd-big', status: 'confirmed', requestedBy: 'alice', confirmedBy: 'bob' }],
      totals: { disbursed: thb(2_000_000), remaining: thb(3_000_000), unspent: thb(2_000_000) },
    });
  });
});
