import { describe, expect, it } from '@jest/globals';
import { idInCategory, newId, sourceEventOf, type StoredEvent, type Viewer } from '@pmt/kernel';
import { evolveGrant } from './grant-facts';
import {
  fundsDisbursed,
  grantOpened,
  inboxCopy,
  MemoryPartnershipDocs,
  mouDrafted,
  proposalApproved,
  proposalDrafted,
  proposalSubmitted,
  SourceStream,
  thb,
  type ProposalTerms,
} from './partnership.fixtures';
import { applyPartnershipEvent } from './partnership.projection';
import { Collections, type GrantFacts, type Partnership, type ProposalFacts } from './partnership';
import { partnershipFor, portfolioFor, type ConfidentialParts } from './partnership-visibility';
import type { PortfolioQuery } from './portfolio';
import { evolveProposal } from './proposal-facts';

class MemoryDocs extends MemoryPartnershipDocs {
  /** The answer of GET partnership for `viewer`, as the route gives it. */
  async partnership(org: string, viewer: Viewer | undefined): Promise<Partnership | null> {
    const summary = this.summary(org);
    const parts = (await this.get(Collections.confidentialParts, org)) as ConfidentialParts | null;
    return summary ? partnershipFor(summary, parts, viewer) : null;
  }
}

async function fold(events: StoredEvent[]): Promise<MemoryDocs> {
  const docs = new MemoryDocs();
  let position = 0;
  for (const e of events) await applyPartnershipEvent(inboxCopy(e, ++position), docs, 'inbox');
  return docs;
}

const t = (day: number, hour = 3) => `2025-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

const nmcoStaff: Viewer = { roles: ['staff'], teams: ['NMCO'] };
const iasaStaff: Viewer = { roles: ['staff'], teams: ['IASA'] };
const admin: Viewer = { roles: ['admin'], teams: [] };
const auditor: Viewer = { roles: ['auditor'], teams: [] };
const noTeams: Viewer = { roles: ['viewer'], teams: [] };
const secret = { confidential: true, leadTeam: 'IASA' };

describe('the partnership of an organisation with one open and one confidential MOU', () => {
  const [nia, undp] = [newId(), newId()];
  const open = new SourceStream('mou');
  const hidden = new SourceStream('mou');
  const openEvents = [
    mouDrafted(open, [nia, undp], t(1), [{ id: 'prototypes', name: 'Prototypes', target: 20 }]),
    open.event('MouSignatureRequested', {}, t(2)),
    open.event('KpiProgressReported', { kpiId: 'prototypes', value: 5, reportedOn: '2025-03-03', note: null }, t(3)),
  ];
  const hiddenEvents = [
    mouDrafted(hidden, [nia], t(4), [{ id: 'pilots', name: 'Pilots', target: 4 }], secret),
    hidden.event('KpiProgressReported', { kpiId: 'pilots', value: 1, reportedOn: '2025-03-05', note: null }, t(5)),
  ];

  it('counts only the open MOU, everywhere in the view, for NMCO staff and a viewer without teams', async () => {
    const docs = await fold([...openEvents, ...hiddenEvents]);
    const onlyOpen = await fold(openEvents);
    for (const viewer of [nmcoStaff, noTeams]) {
      const p = (await docs.partnership(nia, viewer)) as Partnership;
      expect(p.mous.total).toBe(1);
      expect(p.mous.items.map((i) => i.id)).toEqual([open.id]);
      expect(p.kpis.map((k) => k.mouId)).toEqual([open.id]);
      // as if the confidential MOU did not exist, its time included
      expect(p).toEqual(await onlyOpen.partnership(nia, undefined));
      expect(p.updatedAt).toBe(t(3));
    }
  });

  it('counts both for IASA staff, an admin and an auditor', async () => {
    const docs = await fold([...openEvents, ...hiddenEvents]);
    for (const viewer of [iasaStaff, admin, auditor, undefined]) {
      const p = (await docs.partnership(nia, viewer)) as Partnership;
      expect(p.mous.total).toBe(2);
      expect(p.mous.byStatus).toMatchObject({ draft: 1, 'awaiting-signatures': 1 });
      expect(p.mous.items.map((i) => i.id).sort()).toEqual([open.id, hidden.id].sort());
      expect(p.kpis.map((k) => k.kpiId).sort()).toEqual(['pilots', 'prototypes']);
      expect(p.updatedAt).toBe(t(5));
    }
  });

  it('keeps the summary of one who sees everything as it was before confidentiality existed', async () => {
    const withFlag = await fold([...openEvents, ...hiddenEvents]);
    const hiddenOpen = [mouDrafted(new SourceStream('mou', hidden.id), [nia], t(4), [{ id: 'pilots', name: 'Pilots', target: 4 }]), hiddenEvents[1]];
    const withoutFlag = await fold([...openEvents, ...hiddenOpen]);
    expect(await withFlag.partnership(nia, admin)).toEqual(await withoutFlag.partnership(nia, admin));
    expect(await withFlag.get(Collections.partnerships, nia)).toEqual(await withoutFlag.get(Collections.partnerships, nia));
  });

  it('follows the MOU when it is made confidential later, and opened again', async () => {
    const later = new SourceStream('mou');
    const drafted = mouDrafted(later, [nia], t(6));
    const closed = later.event('MouConfidentialityChanged', { confidential: true }, t(7));
    const reopened = later.event('MouConfidentialityChanged', { confidential: false }, t(8));

    const before = await fold([...openEvents, drafted]);
    const confidential = await fold([...openEvents, drafted, closed]);
    expect((await before.partnership(nia, nmcoStaff))?.mous.total).toBe(2);
    expect((await confidential.partnership(nia, nmcoStaff))?.mous.items.map((i) => i.id)).toEqual([open.id]);
    expect((await confidential.partnership(nia, iasaStaff))?.mous.total).toBe(2);
    // nothing changed for one who sees everything: the same summary, its time included
    expect(await confidential.partnership(nia, admin)).toEqual(await before.partnership(nia, admin));

    const again = await fold([...openEvents, drafted, closed, reopened]);
    expect((await again.partnership(nia, nmcoStaff))?.mous.total).toBe(2);
    // the same figures; for NMCO staff the MOU came back at the change, for the admin nothing changed then
    expect({ ...(await again.partnership(nia, nmcoStaff)), updatedAt: null }).toEqual({ ...(await again.partnership(nia, admin)), updatedAt: null });
    expect((await again.partnership(nia, nmcoStaff))?.updatedAt).toBe(t(8));
    expect((await again.partnership(nia, admin))?.updatedAt).toBe(t(6));
  });

  it('follows a change of lead team: IASA staff lose the MOU once NMCO leads it', async () => {
    const m = new SourceStream('mou');
    const docs = await fold([
      mouDrafted(m, [nia], t(1), [], secret),
      m.event('MouTermsRevised', { changes: { leadTeam: 'NMCO' }, endsOn: '2027-01-06', returnedToDraft: false }, t(2)),
    ]);
    expect((await docs.partnership(nia, iasaStaff))?.mous.total).toBe(0);
    expect((await docs.partnership(nia, nmcoStaff))?.mous.total).toBe(1);
  });

  it('gives the same documents whatever order the MOUs’ events came in', async () => {
    const a = await fold([...openEvents, ...hiddenEvents]);
    const b = await fold([hiddenEvents[0], openEvents[0], hiddenEvents[1], openEvents[1], openEvents[2]]);
    expect(b.dump()).toBe(a.dump());
  });
});

describe('confidential proposals, grants and activities in the partnership', () => {
  const [funder, iasa] = [newId(), newId()];
  const terms: ProposalTerms = { funderId: funder, partnerIds: [iasa], leadTeam: 'IASA', requestedAmount: thb(5_000_00) };
  const proposal = new SourceStream('proposal');
  const grant = new SourceStream('grant');
  const activity = new SourceStream('activity');
  const events = [
    proposalDrafted(proposal, terms, t(1), { confidential: true }),
    proposalSubmitted(proposal, '2025-03-02', t(2)),
    proposalApproved(proposal, terms, thb(4_000_00), t(3)),
    // opened from the approved proposal: it carries the proposal's confidentiality
    grantOpened(grant, { proposalId: proposal.id, funderId: funder, partnerIds: [iasa], leadTeam: 'IASA', awardedAmount: thb(4_000_00) }, t(4), {
      confidential: true,
    }),
    fundsDisbursed(grant, thb(1_000_00), '2025-03-05', t(5)),
    activity.event('ActivityPlanned', { id: activity.id, title: 'Pitch day', organisationIds: [iasa], leadTeam: 'IASA', confidential: true }, t(6)),
    activity.event('ActivityCompleted', { organisationIds: [iasa], attendance: 40, outcomes: [] }, t(7)),
  ];

  it('leaves every figure of them out for NMCO staff, and counts them for IASA staff', async () => {
    const docs = await fold(events);
    const nmco = (await docs.partnership(iasa, nmcoStaff)) as Partnership;
    expect(nmco.proposals.total).toBe(0);
    expect(nmco.grants.total).toBe(0);
    expect(nmco.money).toEqual({ requested: [], awarded: [], disbursed: [], coInvested: [], coInvestedByOrganisation: [] });
    expect(nmco.activities).toEqual({ held: 0, peopleReached: 0 });
    expect(nmco.updatedAt).toBeNull();

    const team = (await docs.partnership(iasa, iasaStaff)) as Partnership;
    expect(team.proposals.byStatus.approved).toBe(1);
    expect(team.grants.total).toBe(1);
    expect(team.money).toMatchObject({ requested: [thb(5_000_00)], awarded: [thb(4_000_00)], disbursed: [thb(1_000_00)] });
    expect(team.activities).toEqual({ held: 1, peopleReached: 40 });
    expect(team).toEqual(await docs.partnership(iasa, admin));
  });

  it('counts an activity again for everyone once it is opened', async () => {
    const docs = await fold([...events, activity.event('ActivityConfidentialityChanged', { confidential: false }, t(8))]);
    expect((await docs.partnership(iasa, nmcoStaff))?.activities).toEqual({ held: 1, peopleReached: 40 });
    expect((await docs.partnership(iasa, nmcoStaff))?.updatedAt).toBe(t(8));
    expect((await docs.partnership(iasa, nmcoStaff))?.grants.total).toBe(0);
  });
});

describe('confidential proposals and grants in the portfolio', () => {
  const foldProposal = (events: StoredEvent[]) =>
    events.reduce<ProposalFacts | null>((f, e) => evolveProposal(f, idInCategory(e.streamId, 'proposal')!, sourceEventOf(e)), null) as ProposalFacts;
  const foldGrant = (events: StoredEvent[]) =>
    events.reduce<GrantFacts | null>((f, e) => evolveGrant(f, idInCategory(e.streamId, 'grant')!, sourceEventOf(e)), null) as GrantFacts;
  const query: PortfolioQuery = { groupBy: 'funder', from: null, to: null, limit: 50 };
  const [openP, secretP, secretG] = [new SourceStream('proposal'), new SourceStream('proposal'), new SourceStream('grant')];
  const openTerms: ProposalTerms = { funderId: 'f1', partnerIds: ['a'], leadTeam: 'NMCO', requestedAmount: thb(100_00) };
  const secretTerms: ProposalTerms = { funderId: 'f2', partnerIds: ['a'], leadTeam: 'IASA', requestedAmount: thb(900_00) };
  const proposals = [
    foldProposal([proposalDrafted(openP, openTerms, t(1)), proposalSubmitted(openP, '2025-03-02', t(2))]),
    foldProposal([
      proposalDrafted(secretP, secretTerms, t(1)),
      proposalSubmitted(secretP, '2025-03-02', t(2)),
      secretP.event('ProposalConfidentialityChanged', { confidential: true }, t(3)),
    ]),
  ];
  const grants = [
    foldGrant([
      grantOpened(secretG, { proposalId: null, funderId: 'f1', partnerIds: ['a'], leadTeam: 'IASA', awardedAmount: thb(50_00) }, t(4), { confidential: true }),
    ]),
  ];

  it('counts them in no group and no total for NMCO staff', () => {
    const p = portfolioFor(query, proposals, grants, nmcoStaff);
    expect(p.groups.map((g) => g.key)).toEqual(['f1']);
    expect(p.groups[0]).toMatchObject({ requested: [thb(100_00)], awarded: [], proposals: 1, grants: 0 });
    expect(p.totals).toMatchObject({ requested: [thb(100_00)], awarded: [], proposals: 1, grants: 0 });
  });

  it('counts them for IASA staff and an admin', () => {
    for (const viewer of [iasaStaff, admin]) {
      const p = portfolioFor(query, proposals, grants, viewer);
      expect(p.groups.map((g) => g.key)).toEqual(['f1', 'f2']);
      expect(p.totals).toMatchObject({ requested: [thb(1_000_00)], awarded: [thb(50_00)], proposals: 2, grants: 1 });
    }
  });
});
