import { describe, expect, it } from '@jest/globals';
import { idInCategory, newId, sourceEventOf, type StoredEvent } from '@pmt/kernel';
import { evolveGrant } from './grant-facts';
import {
  coInvestmentCommitted,
  fundsDisbursed,
  grantOpened,
  proposalApproved,
  proposalDrafted,
  proposalSubmitted,
  SourceStream,
  thb,
  usd,
  type ProposalTerms,
} from './partnership.fixtures';
import type { GrantFacts, ProposalFacts } from './partnership';
import { portfolioOf } from './portfolio';
import { evolveProposal } from './proposal-facts';

const foldProposal = (events: StoredEvent[]) =>
  events.reduce<ProposalFacts | null>((f, e) => evolveProposal(f, idInCategory(e.streamId, 'proposal')!, sourceEventOf(e)), null) as ProposalFacts;
const foldGrant = (events: StoredEvent[]) =>
  events.reduce<GrantFacts | null>((f, e) => evolveGrant(f, idInCategory(e.streamId, 'grant')!, sourceEventOf(e)), null) as GrantFacts;

/** Story 6 in miniature: two funders, three partners, two teams. */
describe('the portfolio', () => {
  const [f1, f2, a, b, investor] = ['f1', 'f2', 'partner-a', 'partner-b', newId()];
  const p1Terms: ProposalTerms = { funderId: f1, partnerIds: [a, b], leadTeam: 'IASA', requestedAmount: thb(1_000_00) };
  const p1 = new SourceStream('proposal');
  const p2 = new SourceStream('proposal');
  const p3 = new SourceStream('proposal');
  const g1 = new SourceStream('grant');
  const g2 = new SourceStream('grant');
  const proposals = [
    foldProposal([
      proposalDrafted(p1, p1Terms, '2025-01-05T03:00:00Z'),
      proposalSubmitted(p1, '2025-01-10', '2025-01-10T03:00:00Z'),
      proposalApproved(p1, p1Terms, thb(800_00), '2025-02-01T03:00:00Z'),
    ]),
    foldProposal([
      proposalDrafted(p2, { funderId: f1, partnerIds: [a], leadTeam: 'NMCO', requestedAmount: thb(300_00) }, '2025-03-01T03:00:00Z'),
      proposalSubmitted(p2, '2025-03-05', '2025-03-05T03:00:00Z'),
      p2.event('ProposalRejected', { reasons: ['out of scope'] }, '2025-03-20T03:00:00Z'),
    ]),
    // A draft has asked for nothing yet.
    foldProposal([proposalDrafted(p3, { funderId: f2, partnerIds: [b], leadTeam: 'IASA', requestedAmount: thb(999_00) }, '2025-03-01T03:00:00Z')]),
  ];
  const grants = [
    foldGrant([
      grantOpened(g1, { proposalId: p1.id, funderId: f1, partnerIds: [a, b], leadTeam: 'IASA', awardedAmount: thb(800_00) }, '2025-02-01T03:00:01Z'),
      fundsDisbursed(g1, thb(300_00), '2025-02-15', '2025-02-15T03:00:00Z'),
      fundsDisbursed(g1, thb(200_00), '2025-04-01', '2025-04-01T03:00:00Z'),
      coInvestmentCommitted(g1, investor, thb(5_000_00), '2025-02-20', '2025-02-20T03:00:00Z'),
    ]),
    foldGrant([grantOpened(g2, { proposalId: null, funderId: f2, partnerIds: [], leadTeam: null, awardedAmount: usd(100_00) }, '2025-03-01T03:00:00Z')]),
  ];
  const all = { from: null, to: null, limit: 500 };

  it('adds up money per funder, exactly and per currency, counting a grant from a proposal’s approval once', () => {
    expect(portfolioOf({ groupBy: 'funder', ...all }, proposals, grants)).toEqual({
      groupBy: 'funder',
      from: null,
      to: null,
      groups: [
        { key: f1, requested: [thb(1_300_00)], awarded: [thb(800_00)], disbursed: [thb(500_00)], coInvested: [thb(5_000_00)], proposals: 2, grants: 1 },
        { key: f2, requested: [], awarded: [usd(100_00)], disbursed: [], coInvested: [], proposals: 0, grants: 1 },
      ],
      nextAfter: null,
      totals: {
        requested: [thb(1_300_00)],
        awarded: [thb(800_00), usd(100_00)],
        disbursed: [thb(500_00)],
        coInvested: [thb(5_000_00)],
        proposals: 2,
        grants: 2,
      },
    });
  });

  it('counts a proposal for each of its partners, and once in the totals', () => {
    const r = portfolioOf({ groupBy: 'partner', ...all }, proposals, grants);
    expect(r.groups).toEqual([
      { key: a, requested: [thb(1_300_00)], awarded: [thb(800_00)], disbursed: [thb(500_00)], coInvested: [thb(5_000_00)], proposals: 2, grants: 1 },
      { key: b, requested: [thb(1_000_00)], awarded: [thb(800_00)], disbursed: [thb(500_00)], coInvested: [thb(5_000_00)], proposals: 1, grants: 1 },
    ]);
    expect(r.totals).toEqual(portfolioOf({ groupBy: 'funder', ...all }, proposals, grants).totals);
  });

  it('groups by lead team, with work that has none under a null key, last', () => {
    const r = portfolioOf({ groupBy: 'team', ...all }, proposals, grants);
    expect(r.groups.map((g) => [g.key, g.requested, g.awarded, g.proposals, g.grants])).toEqual([
      ['IASA', [thb(1_000_00)], [thb(800_00)], 1, 1],
      ['NMCO', [thb(300_00)], [], 1, 0],
      [null, [], [usd(100_00)], 0, 1],
    ]);
  });

  it('counts each money fact on its own date inside the period, both ends included', () => {
    const r = portfolioOf({ groupBy: 'funder', from: '2025-02-01', to: '2025-03-31', limit: 500 }, proposals, grants);
    expect(r.groups).toEqual([
      // requested: only the March submission; awarded on the approval date; the April disbursement is out
      { key: f1, requested: [thb(300_00)], awarded: [thb(800_00)], disbursed: [thb(300_00)], coInvested: [thb(5_000_00)], proposals: 1, grants: 1 },
      { key: f2, requested: [], awarded: [usd(100_00)], disbursed: [], coInvested: [], proposals: 0, grants: 1 },
    ]);
    const april = portfolioOf({ groupBy: 'funder', from: '2025-04-01', to: null, limit: 500 }, proposals, grants);
    expect(april.groups).toEqual([{ key: f1, requested: [], awarded: [], disbursed: [thb(200_00)], coInvested: [], proposals: 0, grants: 0 }]);
  });

  it('answers the groups a page at a time, with the totals of all of them on every page', () => {
    const first = portfolioOf({ groupBy: 'team', ...all, limit: 2 }, proposals, grants);
    expect(first.groups.map((g) => g.key)).toEqual(['IASA', 'NMCO']);
    expect(first.nextAfter).toEqual({ key: 'NMCO' });
    const second = portfolioOf({ groupBy: 'team', ...all, limit: 2, after: 'NMCO' }, proposals, grants);
    expect(second.groups.map((g) => g.key)).toEqual([null]);
    expect(second.nextAfter).toBeNull();
    expect(second.totals).toEqual(first.totals);
    expect(portfolioOf({ groupBy: 'team', ...all, limit: 2, after: null }, proposals, grants).groups).toEqual([]);
  });

  it('refuses a total past the exact range (MONEY.OVERFLOW) instead of answering a rounded sum', () => {
    const huge = { amount: Number.MAX_SAFE_INTEGER - 1, currency: 'THB' };
    const h1 = new SourceStream('grant');
    const h2 = new SourceStream('grant');
    const big = [
      foldGrant([grantOpened(h1, { proposalId: null, funderId: f1, partnerIds: [], leadTeam: null, awardedAmount: huge }, '2025-03-01T03:00:00Z')]),
      foldGrant([
        grantOpened(
          h2,
          { proposalId: null, funderId: f1, partnerIds: [], leadTeam: null, awardedAmount: { amount: 3, currency: 'THB' } },
          '2025-03-02T03:00:00Z',
        ),
      ]),
    ];
    expect(() => portfolioOf({ groupBy: 'funder', ...all }, [], big)).toThrow(expect.objectContaining({ code: 'MONEY.OVERFLOW', kind: 'unprocessable' }));
    // one unit less is exact, and answered
    big[1] = foldGrant([
      grantOpened(
        h2,
        { proposalId: null, funderId: f1, partnerIds: [], leadTeam: null, awardedAmount: { amount: 1, currency: 'THB' } },
        '2025-03-02T03:00:00Z',
      ),
    ]);
    expect(portfolioOf({ groupBy: 'funder', ...all }, [], big).totals.awarded).toEqual([{ amount: Number.MAX_SAFE_INTEGER, currency: 'THB' }]);
  });
});
