import type { ResourceFold } from '@pmt/event-sourcing';
import type { AmendmentChanges, KpiProgressReported, KpiTerms, MouDrafted, MouEvent, MouStatus, MouTerms, PartyTerms } from './mou';

export interface Party extends PartyTerms {
  signedAt: string | null;
}

export interface KpiReport {
  value: number;
  reportedOn: string;
  note: string | null;
  at: string;
}

export interface Kpi extends KpiTerms {
  /** The value of the report with the latest `reportedOn` (a late report for an earlier date does not win). */
  progress: number | null;
  /** progress / target in percent, one decimal; null without a report or with a zero target. */
  percent: number | null;
  lastReportedOn: string | null;
  /** The latest reports (at most KEPT_REPORTS), in the order recorded; every report is in the MOU's history. */
  reports: KpiReport[];
  /** How many reports there have been in all. */
  reportCount: number;
}

export interface Amendment {
  number: number;
  summary: string;
  changes: AmendmentChanges;
  effectiveOn: string;
  at: string;
}

export interface Renewal {
  termMonths: number;
  previousEndsOn: string;
  startsOn: string;
  endsOn: string;
  at: string;
}

/** An MOU as the API shows it: plain JSON, every key always present. */
export interface MouResource extends Omit<MouTerms, 'kpis'> {
  id: string;
  status: MouStatus;
  parties: Party[];
  kpis: Kpi[];
  /** Last day of the term, inclusive. */
  endsOn: string;
  amendments: Amendment[];
  renewals: Renewal[];
  signatureRequestedAt: string | null;
  fullySignedOn: string | null;
  activatedOn: string | null;
  /** The first day the MOU was no longer in force (the day after `endsOn`). */
  expiredOn: string | null;
  terminatedOn: string | null;
  terminationReason: string | null;
  /** Only the lead team, admins and auditors see it (the services hide it from everyone else, as if absent). */
  confidential: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What the fold holds before the MOU is drafted (never stored: the first event drafts it). */
export type MouView = { status: 'none' } | MouResource;

/**
 * Reports a KPI's resource keeps. Fixed, so that the document, and so every command that reads, writes and answers
 * it, costs the same after ten years of weekly reports as after one; older ones are in the history.
 */
export const KEPT_REPORTS = 20;

/** The MOU resource from its events: the `mous` read model, history `asOf` and diffs. Deciding never reads it. */
export function evolveMouResource(view: MouView, event: MouEvent): MouView {
  if (event.type === 'MouDrafted') return drafted(event.data);
  if (view.status === 'none') return view;
  const s: MouResource = { ...view, updatedAt: event.data.at };
  switch (event.type) {
    case 'MouTermsRevised': {
      const { kpis, ...rest } = event.data.changes;
      const cleared = new Set(event.data.signaturesCleared);
      return {
        ...s,
        ...rest,
        ...(kpis ? { kpis: kpis.map(newKpi) } : {}),
        endsOn: event.data.endsOn,
        parties: s.parties.map((p) => (cleared.has(p.organisationId) ? { ...p, signedAt: null } : p)),
        ...(event.data.returnedToDraft ? { status: 'draft' as const, signatureRequestedAt: null } : {}),
      };
    }
    case 'MouSignatureRequested':
      return { ...s, status: 'awaiting-signatures', signatureRequestedAt: event.data.at };
    case 'MouSigned':
      return {
        ...s,
        parties: s.parties.map((p) => (p.organisationId === event.data.organisationId ? { ...p, signedAt: event.data.signedAt } : p)),
      };
    case 'MouFullySigned':
      return { ...s, status: 'signed', fullySignedOn: event.data.signedOn };
    case 'MouActivated':
      return { ...s, status: 'active', activatedOn: event.data.activatedOn };
    case 'MouAmended':
      return { ...s, amendments: [...s.amendments, { ...event.data }] };
    case 'KpiProgressReported':
      return { ...s, kpis: s.kpis.map((k) => (k.id === event.data.kpiId ? withReport(k, event.data) : k)) };
    case 'MouRenewed':
      return { ...s, status: 'active', endsOn: event.data.endsOn, expiredOn: null, renewals: [...s.renewals, { ...event.data }] };
    case 'MouExpired':
      return { ...s, status: 'expired', expiredOn: event.data.expiredOn };
    case 'MouTerminated':
      return { ...s, status: 'terminated', terminatedOn: event.data.effectiveOn, terminationReason: event.data.reason };
    case 'MouConfidentialityChanged':
      return { ...s, confidential: event.data.confidential };
    default:
      return view;
  }
}

/**
 * evolveMouResource with less copying, for a caller that keeps no earlier resource (a whole-stream fold, the
 * projection): evolve copies a KPI and its report list for each report (it must, as the diff keeps every
 * intermediate resource). Here a resource or list in `own` (made by an earlier call with the same set, so held by
 * nobody else) is changed in place.
 */
export function evolveOwnedMouResource(view: MouView, e: MouEvent, own: WeakSet<object>): MouView {
  if (e.type !== 'KpiProgressReported' || view.status === 'none') return evolveMouResource(view, e);
  if (!own.has(view)) own.add((view = { ...view, kpis: [...view.kpis] }));
  const at = view.kpis.findIndex((k) => k.id === e.data.kpiId);
  view.updatedAt = e.data.at;
  if (at >= 0) view.kpis[at] = withReport(view.kpis[at], e.data, own);
  return view;
}

/** The same resource as reducing evolveMouResource over `events`, with less copying (see evolveOwnedMouResource). */
export function foldMouResource(events: readonly MouEvent[]): MouView {
  const own = new WeakSet<object>();
  let view = { status: 'none' } as MouView;
  for (const e of events) view = evolveOwnedMouResource(view, e, own);
  return view;
}

export const mouResource: ResourceFold<MouEvent, MouView> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveMouResource,
  foldAll: foldMouResource,
  evolveOwned: evolveOwnedMouResource,
  freshResult: true,
};

function drafted(d: MouDrafted['data']): MouResource {
  return {
    id: d.id,
    status: 'draft',
    title: d.title,
    description: d.description,
    parties: d.parties.map((p) => ({ ...p, signedAt: null })),
    cooperationAreas: d.cooperationAreas,
    collaborationLevel: d.collaborationLevel,
    effectiveFrom: d.effectiveFrom,
    termMonths: d.termMonths,
    endsOn: d.endsOn,
    kpis: d.kpis.map(newKpi),
    leadTeam: d.leadTeam ?? null,
    amendments: [],
    renewals: [],
    signatureRequestedAt: null,
    fullySignedOn: null,
    activatedOn: null,
    expiredOn: null,
    terminatedOn: null,
    terminationReason: null,
    confidential: d.confidential === true,
    createdAt: d.at,
    updatedAt: d.at,
  };
}

// Field by field rather than `{ ...k, progress: null, … }`: on Node 20 that spread and the five keys added after it cost
// ~10x as much per KPI (measured with the rebuild's CPU profile, where it was 5% of the time).
const newKpi = (k: KpiTerms): Kpi => ({
  id: k.id,
  name: k.name,
  target: k.target,
  unit: k.unit,
  owner: k.owner,
  dueOn: k.dueOn,
  progress: null,
  percent: null,
  lastReportedOn: null,
  reports: [],
  reportCount: 0,
});

/** `own`: report lists the caller made and nobody else holds, appended to in place; any other list is copied. */
function withReport(kpi: Kpi, r: KpiProgressReported['data'], own?: WeakSet<object>): Kpi {
  const reportCount = (kpi.reportCount ?? kpi.reports.length) + 1;
  const report = { value: r.value, reportedOn: r.reportedOn, note: r.note, at: r.at };
  // A document stored while every report was kept loses the older ones at its next report.
  const reports = own?.has(kpi.reports) ? kpi.reports : kpi.reports.slice(-KEPT_REPORTS);
  reports.push(report);
  if (reports.length > KEPT_REPORTS) reports.splice(0, reports.length - KEPT_REPORTS);
  own?.add(reports);
  // Latest by reported date; on the same date the later record wins (it corrects the earlier one). Compared with the
  // current latest only, so that finding it does not reread every report.
  if (kpi.lastReportedOn !== null && r.reportedOn < kpi.lastReportedOn) return { ...kpi, reports, reportCount };
  return {
    ...kpi,
    reports,
    reportCount,
    progress: r.value,
    lastReportedOn: r.reportedOn,
    percent: kpi.target === 0 ? null : Math.round((r.value / kpi.target) * 1000) / 10,
  };
}
