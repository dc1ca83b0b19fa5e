import { grantFigures } from './figures';
import type { GrantDetail } from './types';

const thb = (amount: number) => ({ amount, currency: 'THB' });
const grant = (over: Partial<GrantDetail> = {}): GrantDetail => ({
  id: 'g',
  version: 1,
  status: 'open',
  proposalId: null,
  title: 'Food Valley',
  funderId: 'f',
  partnerIds: [],
  leadTeam: 'IASA',
  awardedAmount: thb(7_000_000_001),
  startsOn: '2025-01-01',
  endsOn: '2025-12-31',
  tranches: [],
  disbursements: [],
  expenditures: [],
  coInvestments: [],
  closeOut: null,
  ...over,
});

describe('grant figures', () => {
  it('leaves out a disbursement pending four-eyes confirmation until it is confirmed', () => {
    const pending = { id: 'd2', amount: thb(500), disbursedOn: '2025-03-01', trancheId: null, spent: thb(0), at: '', status: 'pending-confirmation' as const };
    const f = grantFigures(
      grant({
        disbursements: [{ id: 'd1', amount: thb(100), disbursedOn: '2025-02-01', trancheId: null, spent: thb(0), at: '', status: 'confirmed' }, pending],
      }),
    );
    expect(f.disbursed).toBe(100n);
    expect(grantFigures(grant({ disbursements: [{ ...pending, status: 'confirmed' }] })).disbursed).toBe(500n);
  });

  it('adds amounts to the satang where floats would drift (0.10 + 0.20 is 0.30)', () => {
    const f = grantFigures(
      grant({
        disbursements: [
          { id: 'd1', amount: thb(10), disbursedOn: '2025-02-01', trancheId: null, spent: thb(0), at: '' },
          { id: 'd2', amount: thb(20), disbursedOn: '2025-03-01', trancheId: null, spent: thb(0), at: '' },
        ],
        expenditures: [{ id: 'e', amount: thb(7), spentOn: '2025-03-02', category: 'travel', disbursementId: null, at: '' }],
      }),
    );
    expect(f.disbursed).toBe(30n);
    expect(f.spent).toBe(7n);
    expect(f.unspent).toBe(23n);
    expect(f.remaining).toBe(7_000_000_001n - 30n);
    expect(f.remaining + f.disbursed).toBe(f.awarded);
  });

  it('keeps amounts beyond 2^53 satang exact', () => {
    const big = '9007199254740993';
    const f = grantFigures(grant({ awardedAmount: { amount: big, currency: 'THB' } }));
    expect(f.awarded).toBe(9007199254740993n);
    expect(f.remaining).toBe(9007199254740993n);
  });

  it('keeps co-investment in another currency apart from the award', () => {
    const f = grantFigures(
      grant({
        coInvestments: [
          { id: 'c1', organisationId: 'o', amount: thb(500), committedOn: '2025-01-02', at: '' },
          { id: 'c2', organisationId: 'o', amount: { amount: 1000, currency: 'USD' }, committedOn: '2025-01-02', at: '' },
          { id: 'c3', organisationId: 'o', amount: { amount: 1, currency: 'USD' }, committedOn: '2025-01-03', at: '' },
        ],
      }),
    );
    expect(f.coInvested).toBe(500n);
    expect(f.coInvestedOther).toEqual([{ currency: 'USD', amount: '1001' }]);
  });

  it('says when the API totals disagree with the grant’s own lists', () => {
    const ok = grant({
      disbursements: [{ id: 'd', amount: thb(100), disbursedOn: '2025-02-01', trancheId: null, spent: thb(0), at: '' }],
      totals: { scheduled: thb(0), disbursed: thb(100), spent: thb(0), remaining: thb(7_000_000_001 - 100), unspent: thb(100), coInvested: [] },
    });
    expect(grantFigures(ok).consistent).toBe(true);
    expect(grantFigures({ ...ok, totals: { ...ok.totals!, disbursed: thb(99) } }).consistent).toBe(false);
  });

  it('refuses to add a disbursement in another currency into the grant’s total', () => {
    expect(() =>
      grantFigures(
        grant({ disbursements: [{ id: 'd', amount: { amount: 1, currency: 'USD' }, disbursedOn: '2025-02-01', trancheId: null, spent: thb(0), at: '' }] }),
      ),
    ).toThrow(/USD/);
  });
});
