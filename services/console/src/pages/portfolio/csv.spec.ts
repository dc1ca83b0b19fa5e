import { portfolioCsv, type PortfolioFigures } from './csv';

const headers = {
  group: 'Funder',
  currency: 'Currency',
  totals: 'Total',
  requested: 'Requested',
  awarded: 'Awarded',
  disbursed: 'Disbursed',
  coInvested: 'Co-invested',
  proposals: 'Proposals',
  grants: 'Grants',
};
const thb = (amount: number | string) => ({ amount, currency: 'THB' });
const fig = (over: Partial<PortfolioFigures>): PortfolioFigures => ({
  requested: [],
  awarded: [],
  disbursed: [],
  coInvested: [],
  proposals: 0,
  grants: 0,
  ...over,
});

describe('portfolio CSV', () => {
  it('writes exact decimals from minor units, one row per group and currency, and the totals', () => {
    const groups = [
      { key: 'nia', ...fig({ requested: [thb(7_000_000_010)], awarded: [thb(10)], proposals: 2, grants: 1 }) },
      { key: null, ...fig({ coInvested: [thb('58000000000000001'), { amount: 5, currency: 'USD' }] }) },
    ];
    const totals = fig({
      requested: [thb(7_000_000_010)],
      awarded: [thb(10)],
      coInvested: [thb('58000000000000001'), { amount: 5, currency: 'USD' }],
      proposals: 2,
      grants: 1,
    });
    const csv = portfolioCsv(groups, totals, (k) => (k === 'nia' ? 'NIA, the agency' : '(none)'), headers);
    expect(csv.split('\r\n')).toEqual([
      'Funder,Currency,Requested,Awarded,Disbursed,Co-invested,Proposals,Grants',
      '"NIA, the agency",THB,70000000.10,0.10,0.00,0.00,2,1',
      '"NIA, the agency",USD,0.00,0.00,0.00,0.00,2,1',
      '(none),THB,0.00,0.00,0.00,580000000000000.01,0,0',
      '(none),USD,0.00,0.00,0.00,0.05,0,0',
      'Total,THB,70000000.10,0.10,0.00,580000000000000.01,2,1',
      'Total,USD,0.00,0.00,0.00,0.05,2,1',
      '',
    ]);
  });
});
