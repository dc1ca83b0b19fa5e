import type { Money } from '@pmt/kernel';
import { addSums, compareText, sumsOf } from './money-sums';
import {
  MOU_STATUSES,
  PROPOSAL_STATUSES,
  type ActivityFacts,
  type GrantFacts,
  type KpiProgress,
  type MouFacts,
  type MouStatus,
  type Partnership,
  type ProposalFacts,
  type ProposalStatus,
  type Share,
} from './partnership';

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function emptyShare(): Share {
  return {
    mous: { total: 0, byStatus: zeros(MOU_STATUSES), items: [] },
    proposals: { total: 0, byStatus: zeros(PROPOSAL_STATUSES), asFunder: 0, asPartner: 0 },
    grants: { total: 0, asFunder: 0, asPartner: 0, closedOut: 0 },
    money: { requested: [], awarded: [], disbursed: [], coInvested: [], coInvestedByOrganisation: [] },
    activities: { held: 0, peopleReached: 0 },
    kpis: [],
  };
}

/** The answer for an organisation nothing has happened to yet. */
export const emptyPartnership = (organisationId: string): Partnership => ({ organisationId, ...emptyShare(), updatedAt: null });

/** Each party's share of an MOU: the MOU by its status, and its KPIs. */
export function mouShares(m: MouFacts): Map<string, Share> {
  const shares = new Map<string, Share>();
  for (const org of m.parties) {
    const s = emptyShare();
    s.mous.total = 1;
    s.mous.byStatus[m.status] = 1;
    s.mous.items = [{ id: m.id, title: m.title, status: m.status, endsOn: m.endsOn }];
    s.kpis = m.kpis.map((k) => ({
      mouId: m.id,
      kpiId: k.id,
      name: k.name,
      target: k.target,
      unit: k.unit,
      latestValue: k.latestValue,
      latestReportedOn: k.latestReportedOn,
      progress: k.latestValue === null || k.target === 0 ? null : Math.round((k.latestValue / k.target) * 10_000) / 10_000,
    }));
    shares.set(org, s);
  }
  return shares;
}

/**
 * The funder's and each partner's share of a proposal (an organisation in both roles once): the proposal by
 * its status; the amount requested once it has been submitted; the amount awarded once approved.
 */
export function proposalShares(p: ProposalFacts): Map<string, Share> {
  const shares = new Map<string, Share>();
  for (const org of partiesOf(p)) {
    const s = emptyShare();
    s.proposals.total = 1;
    s.proposals.byStatus[p.status] = 1;
    s.proposals.asFunder = org === p.funderId ? 1 : 0;
    s.proposals.asPartner = p.partnerIds.includes(org) ? 1 : 0;
    s.money.requested = p.submittedOn !== null ? sumsOf([p.requested]) : [];
    s.money.awarded = p.status === 'approved' ? sumsOf([p.awarded]) : [];
    shares.set(org, s);
  }
  return shares;
}

/**
 * The funder's and each partner's share of a grant: the grant, its disbursements and every co-investment on it;
 * its award only when it was not opened from a proposal (that proposal's approval counts it already).
 * Each co-investor's share also holds what it committed itself.
 */
export function grantShares(g: GrantFacts): Map<string, Share> {
  const shares = new Map<string, Share>();
  for (const org of partiesOf(g)) {
    const s = emptyShare();
    s.grants = { total: 1, asFunder: org === g.funderId ? 1 : 0, asPartner: g.partnerIds.includes(org) ? 1 : 0, closedOut: g.closedOut ? 1 : 0 };
    s.money.awarded = g.proposalId === null ? sumsOf([g.awarded]) : [];
    s.money.disbursed = sumsOf(g.disbursements.map((x) => x.amount));
    s.money.coInvested = sumsOf(g.coInvestments.map((x) => x.amount));
    shares.set(org, s);
  }
  for (const c of g.coInvestments) {
    const s = shares.get(c.organisationId) ?? emptyShare();
    s.money.coInvestedByOrganisation = addSums(s.money.coInvestedByOrganisation, [c.amount]);
    shares.set(c.organisationId, s);
  }
  return shares;
}

/** A completed activity counts once for each organisation it names, with its attendance. */
export function activityShares(a: ActivityFacts): Map<string, Share> {
  const shares = new Map<string, Share>();
  if (!a.completed) return shares;
  for (const org of a.organisationIds) {
    const s = emptyShare();
    s.activities = { held: 1, peopleReached: a.attendance };
    shares.set(org, s);
  }
  return shares;
}

/** Funder and partners, each once, sorted. */
export function partiesOf(x: { funderId: string | null; partnerIds: string[] }): string[] {
  return [...new Set([...(x.funderId ? [x.funderId] : []), ...x.partnerIds])].sort(compareText);
}

/**
 * Adds (sign 1) or takes away (sign -1) one entity's share. Counts and sums are exact integers, and list entries
 * are keyed by their MOU, so taking the old share and adding the new one gives the same summary whatever order
 * the entities' events came in.
 */
export function applyShare(p: Partnership, s: Share, sign: 1 | -1): Partnership {
  const mouIds = new Set(s.mous.items.map((i) => i.id));
  const add = (a: number, b: number) => a + sign * b;
  const addStatus = <K extends string>(keys: readonly K[], a: Record<K, number>, b: Record<K, number>) =>
    Object.fromEntries(keys.map((k) => [k, add(a[k], b[k])])) as Record<K, number>;
  return canonical({
    organisationId: p.organisationId,
    mous: {
      total: add(p.mous.total, s.mous.total),
      byStatus: addStatus<MouStatus>(MOU_STATUSES, p.mous.byStatus, s.mous.byStatus),
      items: sign === 1 ? [...p.mous.items, ...s.mous.items] : p.mous.items.filter((i) => !mouIds.has(i.id)),
    },
    proposals: {
      total: add(p.proposals.total, s.proposals.total),
      byStatus: addStatus<ProposalStatus>(PROPOSAL_STATUSES, p.proposals.byStatus, s.proposals.byStatus),
      asFunder: add(p.proposals.asFunder, s.proposals.asFunder),
      asPartner: add(p.proposals.asPartner, s.proposals.asPartner),
    },
    grants: {
      total: add(p.grants.total, s.grants.total),
      asFunder: add(p.grants.asFunder, s.grants.asFunder),
      asPartner: add(p.grants.asPartner, s.grants.asPartner),
      closedOut: add(p.grants.closedOut, s.grants.closedOut),
    },
    money: {
      requested: addSums(p.money.requested, s.money.requested, sign),
      awarded: addSums(p.money.awarded, s.money.awarded, sign),
      disbursed: addSums(p.money.disbursed, s.money.disbursed, sign),
      coInvested: addSums(p.money.coInvested, s.money.coInvested, sign),
      coInvestedByOrganisation: addSums(p.money.coInvestedByOrganisation, s.money.coInvestedByOrganisation, sign),
    },
    activities: { held: add(p.activities.held, s.activities.held), peopleReached: add(p.activities.peopleReached, s.activities.peopleReached) },
    kpis: sign === 1 ? [...p.kpis, ...s.kpis] : p.kpis.filter((k) => !mouIds.has(k.mouId)),
    updatedAt: p.updatedAt,
  });
}

/** One form for equal content: fixed key order (JSON keeps insertion order), lists sorted by code unit. */
export function canonical(p: Partnership): Partnership {
  const money = (m: Money[]) => m.map((x) => ({ amount: x.amount, currency: x.currency }));
  return {
    organisationId: p.organisationId,
    mous: {
      total: p.mous.total,
      byStatus: Object.fromEntries(MOU_STATUSES.map((k) => [k, p.mous.byStatus[k]])) as Record<MouStatus, number>,
      items: [...p.mous.items].sort((a, b) => compareText(a.id, b.id)).map((i) => ({ id: i.id, title: i.title, status: i.status, endsOn: i.endsOn })),
    },
    proposals: {
      total: p.proposals.total,
      byStatus: Object.fromEntries(PROPOSAL_STATUSES.map((k) => [k, p.proposals.byStatus[k]])) as Record<ProposalStatus, number>,
      asFunder: p.proposals.asFunder,
      asPartner: p.proposals.asPartner,
    },
    grants: { total: p.grants.total, asFunder: p.grants.asFunder, asPartner: p.grants.asPartner, closedOut: p.grants.closedOut },
    money: {
      requested: money(p.money.requested),
      awarded: money(p.money.awarded),
      disbursed: money(p.money.disbursed),
      coInvested: money(p.money.coInvested),
      coInvestedByOrganisation: money(p.money.coInvestedByOrganisation),
    },
    activities: { held: p.activities.held, peopleReached: p.activities.peopleReached },
    kpis: [...p.kpis].sort(compareKpis).map(canonicalKpi),
    updatedAt: p.updatedAt,
  };
}

function compareKpis(a: KpiProgress, b: KpiProgress): number {
  return compareText(a.mouId, b.mouId) || compareText(a.kpiId, b.kpiId) || compareText(a.name, b.name);
}

const canonicalKpi = (k: KpiProgress): KpiProgress => ({
  mouId: k.mouId,
  kpiId: k.kpiId,
  name: k.name,
  target: k.target,
  unit: k.unit,
  latestValue: k.latestValue,
  latestReportedOn: k.latestReportedOn,
  progress: k.progress,
});
