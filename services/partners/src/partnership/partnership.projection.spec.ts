import { describe, expect, it } from '@jest/globals';
import { newId, type StoredEvent } from '@pmt/kernel';
import {
  coInvestmentCommitted,
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
  usd,
  type ProposalTerms,
} from './partnership.fixtures';
import { applyPartnershipEvent } from './partnership.projection';
import { Collections, type Partnership } from './partnership';

/** Documents as the read model keeps them; `partnership` is the answer for those who see everything. */
class MemoryDocs extends MemoryPartnershipDocs {
  partnership(org: string): Partnership | null {
    return this.summary(org);
  }
}

async function fold(events: StoredEvent[], docs = new MemoryDocs()): Promise<MemoryDocs> {
  let position = 0;
  for (const e of events) await applyPartnershipEvent(inboxCopy(e, ++position), docs, 'inbox');
  return docs;
}

const t = (day: number, hour = 3) => `2025-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('the partnership fold: MOUs', () => {
  const [nia, undp, other] = [newId(), newId(), newId()];
  const mou = new SourceStream('mou');
  const events = [
    mouDrafted(mou, [nia, undp], t(1), [{ id: 'prototypes', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes' }]),
    mou.event('MouSignatureRequested', {}, t(2)),
    mou.event('MouSigned', { organisationId: nia, signedAt: t(3) }, t(3)),
    mou.event('MouSigned', { organisationId: undp, signedAt: t(4) }, t(4)),
    mou.event('MouFullySigned', { signedOn: '2025-03-04' }, t(4)),
    mou.event('MouActivated', { activatedOn: '2025-03-04' }, t(4)),
    mou.event('KpiProgressReported', { kpiId: 'prototypes', value: 7, reportedOn: '2025-03-05', note: null }, t(5)),
    // A late report for an earlier date does not replace the latest one.
    mou.event('KpiProgressReported', { kpiId: 'prototypes', value: 3, reportedOn: '2025-03-01', note: 'late' }, t(6)),
  ];

  it('counts each party’s MOUs by status, lists them, and shows KPI progress against the target', async () => {
    const docs = await fold(events);
    const p = docs.partnership(nia) as Partnership;
    expect(p.mous).toEqual({
      total: 1,
      byStatus: { draft: 0, 'awaiting-signatures': 0, signed: 0, active: 1, expired: 0, terminated: 0 },
      items: [{ id: mou.id, title: `MOU ${mou.id.slice(-4)}`, status: 'active', endsOn: '2027-01-06' }],
    });
    expect(p.kpis).toEqual([
      {
        mouId: mou.id,
        kpiId: 'prototypes',
        name: 'Youth Co:Lab prototypes',
        target: 20,
        unit: 'prototypes',
        latestValue: 7,
        latestReportedOn: '2025-03-05',
        progress: 0.35,
      },
    ]);
    // The late report changed nothing the summary shows, so the summary's time stays at the last change.
    expect(p.updatedAt).toBe(t(5));
    expect(docs.partnership(undp)?.mous.byStatus.active).toBe(1);
    expect(docs.partnership(other)).toBeNull();
  });

  it('moves the MOU to its final state and keeps the term end of a renewal', async () => {
    const docs = await fold([
      ...events,
      mou.event('MouRenewed', { termMonths: 12, previousEndsOn: '2027-01-06', startsOn: '2027-01-07', endsOn: '2028-01-06' }, t(7)),
      mou.event('MouTerminated', { reason: 'project ended', effectiveOn: '2025-03-08' }, t(8)),
    ]);
    const p = docs.partnership(nia) as Partnership;
    expect(p.mous.byStatus).toMatchObject({ active: 0, terminated: 1 });
    expect(p.mous.items[0]).toMatchObject({ status: 'terminated', endsOn: '2028-01-06' });
  });
});

describe('the partnership fold: an organisation party to many MOUs', () => {
  const [home, partner] = [newId(), newId()];
  const kpi = [{ id: 'prototypes', name: 'Prototypes', target: 10 }];
  const drafts = (n: number) => Array.from({ length: n }, () => mouDrafted(new SourceStream('mou'), [home, partner], t(1), kpi));
  const summaryBytes = (docs: MemoryDocs) => (docs.docs.get(`${Collections.partnerships}/${home}`) ?? '').length;

  it('keeps a summary that does not grow with them, and answers with every MOU and KPI in order', async () => {
    const few = await fold(drafts(3));
    const many = await fold(drafts(120));
    // the summary is counts and sums: a party to 120 MOUs stores a document as large as a party to 3 (its counts
    // have more digits); with the lists inside it grew by ~250 bytes a MOU
    expect(summaryBytes(many)).toBeLessThanOrEqual(summaryBytes(few) + 8);
    const p = many.partnership(home) as Partnership;
    expect(p.mous.total).toBe(120);
    expect(p.mous.items).toHaveLength(120);
    expect(p.kpis).toHaveLength(120);
    const ids = p.mous.items.map((i) => i.id);
    expect(ids).toEqual([...ids].sort());
    expect(p.kpis.map((k) => k.mouId)).toEqual(ids);
  });

  it('answers a summary written before the lists moved out as it was, and moves them out at its next change', async () => {
    const docs = await fold(drafts(2));
    const before = docs.partnership(home) as Partnership;
    // the summary as the fold wrote it before: lists inside, no entries beside it
    for (const key of [...docs.docs.keys()]) if (key.startsWith(`${Collections.mouLists}/`)) docs.docs.delete(key);
    docs.put(Collections.partnerships, { id: home, ...before });
    expect(docs.partnership(home)).toEqual(before);

    const later = mouDrafted(new SourceStream('mou'), [home, partner], t(2), kpi);
    await applyPartnershipEvent(inboxCopy(later, 99), docs, 'inbox');
    const after = docs.partnership(home) as Partnership;
    expect(after.mous.total).toBe(3);
    expect(after.mous.items.map((i) => i.id)).toEqual([...before.mous.items.map((i) => i.id), later.streamId.replace(/^mou-/, '')].sort());
    expect(JSON.parse(docs.docs.get(`${Collections.partnerships}/${home}`) as string).mous.items).toEqual([]);
  });
});

describe('the partnership fold: proposals and grants', () => {
  const [funder, iasa, lampang, investor] = [newId(), newId(), newId(), newId()];
  const terms: ProposalTerms = { funderId: funder, partnerIds: [iasa, lampang], leadTeam: 'IASA', requestedAmount: thb(5_000_000_00) };
  const proposal = new SourceStream('proposal');
  const grant = new SourceStream('grant');
  const direct = new SourceStream('grant');

  const proposalEvents = [
    proposalDrafted(proposal, terms, t(1)),
    proposal.event('ProposalReviewNoted', { note: 'check the budget' }, t(1, 4)),
    proposalSubmitted(proposal, '2025-03-02', t(2)),
    proposal.event('ProposalRevisionRequested', { reasons: ['smaller budget'] }, t(3)),
    proposal.event('ProposalResubmitted', { requestedAmount: thb(4_000_000_00), note: null }, t(4)),
    // 18:00 UTC is 01:00 the next day in Bangkok: the decision date is the office's.
    proposalApproved(proposal, { ...terms, requestedAmount: thb(4_000_000_00) }, thb(3_500_000_00), t(5, 18)),
  ];
  const grantEvents = [
    grantOpened(
      grant,
      { proposalId: proposal.id, funderId: funder, partnerIds: [iasa, lampang], leadTeam: 'IASA', awardedAmount: thb(3_500_000_00) },
      t(5, 19),
    ),
    fundsDisbursed(grant, thb(1_000_000_00), '2025-03-07', t(7)),
    fundsDisbursed(grant, thb(500_000_00), '2025-03-08', t(8)),
    coInvestmentCommitted(grant, investor, thb(20_000_000_00), '2025-03-09', t(9)),
    coInvestmentCommitted(grant, lampang, thb(1_000_000_00), '2025-03-09', t(9, 4)),
    grant.event('GrantClosedOut', { reason: null, undisbursed: thb(2_000_000_00), unspent: thb(0) }, t(11)),
  ];
  const directEvents = [
    grantOpened(direct, { proposalId: null, funderId: funder, partnerIds: [iasa], leadTeam: 'NMCO', awardedAmount: usd(10_000_00) }, t(10)),
  ];

  it('counts a draft without money, then the amount requested once submitted', async () => {
    const draft = await fold(proposalEvents.slice(0, 2));
    expect(draft.partnership(funder)?.proposals).toEqual({
      total: 1,
      byStatus: { draft: 1, submitted: 0, 'revision-requested': 0, approved: 0, rejected: 0, withdrawn: 0 },
      asFunder: 1,
      asPartner: 0,
    });
    expect(draft.partnership(iasa)?.proposals).toMatchObject({ asFunder: 0, asPartner: 1 });
    expect(draft.partnership(iasa)?.money.requested).toEqual([]);

    const submitted = await fold(proposalEvents.slice(0, 3));
    expect(submitted.partnership(iasa)?.money.requested).toEqual([thb(5_000_000_00)]);
  });

  it('moves a draft to the organisations its revision names', async () => {
    const draft = new SourceStream('proposal');
    const other = newId();
    const docs = await fold([
      proposalDrafted(draft, terms, t(1)),
      draft.event('ProposalDraftRevised', { changes: { partnerIds: [iasa, other], requestedAmount: thb(7_000_00) } }, t(2)),
      proposalSubmitted(draft, '2025-03-03', t(3)),
    ]);
    expect(docs.partnership(lampang)?.proposals.total).toBe(0);
    expect(docs.partnership(lampang)?.updatedAt).toBe(t(2));
    expect(docs.partnership(other)?.proposals).toMatchObject({ total: 1, asPartner: 1 });
    expect(docs.partnership(other)?.money.requested).toEqual([thb(7_000_00)]);
  });

  it('counts the amount requested now after a resubmission, and the award on approval', async () => {
    const docs = await fold(proposalEvents);
    const p = docs.partnership(lampang) as Partnership;
    expect(p.proposals.byStatus).toMatchObject({ approved: 1, submitted: 0, 'revision-requested': 0 });
    expect(p.money.requested).toEqual([thb(4_000_000_00)]);
    expect(p.money.awarded).toEqual([thb(3_500_000_00)]);
    const facts = (await docs.get(Collections.proposals, proposal.id)) as { decidedOn: string; submittedOn: string };
    expect(facts).toMatchObject({ decidedOn: '2025-03-06', submittedOn: '2025-03-02' });
  });

  it('adds disbursements and co-investments of a grant without counting its award twice', async () => {
    const docs = await fold([...proposalEvents, ...grantEvents, ...directEvents]);
    const f = docs.partnership(funder) as Partnership;
    expect(f.grants).toEqual({ total: 2, asFunder: 2, asPartner: 0, closedOut: 1 });
    expect(f.money).toEqual({
      requested: [thb(4_000_000_00)],
      // the approval's award, plus the grant opened without a proposal; currencies apart, sorted
      awarded: [thb(3_500_000_00), usd(10_000_00)],
      disbursed: [thb(1_500_000_00)],
      coInvested: [thb(21_000_000_00)],
      coInvestedByOrganisation: [],
    });
    expect(docs.partnership(lampang)?.money.coInvestedByOrganisation).toEqual([thb(1_000_000_00)]);
    expect(docs.partnership(lampang)?.money.coInvested).toEqual([thb(21_000_000_00)]);

    // A co-investor that is no party to the grant sees what it committed, and nothing of the grant's own money.
    const i = docs.partnership(investor) as Partnership;
    expect(i.money).toEqual({ requested: [], awarded: [], disbursed: [], coInvested: [], coInvestedByOrganisation: [thb(20_000_000_00)] });
    expect(i.grants.total).toBe(0);
  });

  it('counts a disbursement held for four eyes only once it is confirmed', async () => {
    const held = new SourceStream('grant');
    const disbursementId = newId();
    const data = { disbursementId, amount: thb(2_000_000_00), disbursedOn: '2025-03-07', trancheId: null, requestedBy: 'alice' };
    const opening = grantOpened(held, { proposalId: null, funderId: funder, partnerIds: [], leadTeam: null, awardedAmount: thb(5_000_000_00) }, t(5));
    const requested = held.event('DisbursementRequested', { ...data, threshold: 1_000_000 }, t(6));
    const pending = await fold([opening, requested]);
    expect(pending.partnership(funder)?.money.disbursed).toEqual([]);
    const confirmed = await fold([opening, requested, held.event('DisbursementConfirmed', { ...data, confirmedBy: 'bob' }, t(7))]);
    expect(confirmed.partnership(funder)?.money.disbursed).toEqual([thb(2_000_000_00)]);
  });

  it('gives the same documents, byte for byte, whatever order the sources’ streams were interleaved in', async () => {
    const streams = [proposalEvents, grantEvents, directEvents];
    const sequential = await fold(streams.flat());
    for (let seed = 1; seed <= 5; seed++) {
      const shuffled = await fold(interleave(streams, seed));
      expect(shuffled.dump()).toBe(sequential.dump());
    }
  });

  it('applies a replayed event once', async () => {
    const once = await fold([...proposalEvents, ...grantEvents]);
    const docs = new MemoryDocs();
    let position = 0;
    for (const e of [...proposalEvents, ...grantEvents]) {
      const copy = inboxCopy(e, ++position);
      await applyPartnershipEvent(copy, docs, 'inbox');
      await applyPartnershipEvent(copy, docs, 'inbox');
    }
    expect(docs.dump()).toBe(once.dump());
  });
});

describe('the partnership fold: activities and other events', () => {
  it('counts a completed activity as held for every organisation it names, with the people reached', async () => {
    const [a, b] = [newId(), newId()];
    const activity = new SourceStream('activity');
    const docs = await fold([
      activity.event('ActivityPlanned', { id: activity.id, title: 'Workshop', organisationIds: [a, b] }, t(1)),
      activity.event('ActivityCompleted', { organisationIds: [a, b], attendance: 130, outcomes: [] }, t(2)),
    ]);
    expect(docs.partnership(a)?.activities).toEqual({ held: 1, peopleReached: 130 });
    expect(docs.partnership(b)?.activities).toEqual({ held: 1, peopleReached: 130 });
  });

  it('ignores the service’s own streams and sources it does not know', async () => {
    const docs = new MemoryDocs();
    const org = newId();
    const e = mouDrafted(new SourceStream('mou'), [org, newId()], t(1));
    await applyPartnershipEvent({ ...e, streamId: `organisation-${org}` }, docs, 'inbox');
    await applyPartnershipEvent({ ...e, streamId: `inbox-contract-${newId()}` }, docs, 'inbox');
    expect(docs.docs.size).toBe(0);
  });
});

/** Merges streams in a random order that keeps each stream's own order (as the inbox guarantees). */
function interleave(streams: StoredEvent[][], seed: number): StoredEvent[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const queues = streams.map((s) => [...s]);
  const out: StoredEvent[] = [];
  while (queues.some((q) => q.length > 0)) {
    const open = queues.filter((q) => q.length > 0);
    out.push(open[Math.floor(random() * open.length)].shift() as StoredEvent);
  }
  return out;
}
