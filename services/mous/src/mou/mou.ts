import type { AmendmentChanges, KpiProgressReported, KpiTerms, MouDrafted, MouEvent, MouStatus, MouTerms, PartyTerms } from '@pmt/contracts-mous';
import { addDays, addMonths } from '@pmt/kernel';

// The events, statuses and terms are the contract's (libs/contracts/mous): one definition for the service and its consumers.
export { COLLABORATION_LEVELS, MOU_EVENT_TYPES, MouEventType } from '@pmt/contracts-mous';
export type {
  AmendmentChanges,
  CollaborationLevel,
  KpiProgressReported,
  KpiTerms,
  MouActivated,
  MouAmended,
  MouDrafted,
  MouEvent,
  MouExpired,
  MouFullySigned,
  MouRenewed,
  MouSignatureRequested,
  MouSigned,
  MouStatus,
  MouTerminated,
  MouTermsRevised,
  MouTerms,
  PartyTerms,
} from '@pmt/contracts-mous';

export const streamIdOf = (id: string): string => `mou-${id}`;

/** Renewal of an expired MOU stays possible for this many days after `endsOn`. */
export const RENEWAL_GRACE_DAYS = 90;

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
  /** The latest reports, at most REPORTS_KEPT, oldest first; every report is in the MOU's history. */
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

/** An MOU as read: plain JSON, every key always present. */
export interface Mou extends Omit<MouTerms, 'kpis'> {
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
  createdAt: string;
  updatedAt: string;
}

export type MouState = { status: 'none' } | Mou;

export const initialState = (): MouState => ({ status: 'none' });

/** The last day of a term that starts on `from` and runs `months` calendar months. */
export const termEndsOn = (from: string, months: number): string => addDays(addMonths(from, months), -1);

export function evolve(state: MouState, event: MouEvent): MouState {
  if (event.type === 'MouDrafted') return drafted(event.data);
  if (state.status === 'none') return state;
  const s: Mou = { ...state, updatedAt: event.data.at };
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
        parties: s.parties.map((p) =>
          p.organisationId === event.data.organisationId ? { ...p, signedAt: event.data.signedAt } : p,
        ),
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
      return {
        ...s,
        status: 'active',
        endsOn: event.data.endsOn,
        expiredOn: null,
        renewals: [...s.renewals, { ...event.data }],
      };
    case 'MouExpired':
      return { ...s, status: 'expired', expiredOn: event.data.expiredOn };
    case 'MouTerminated':
      return { ...s, status: 'terminated', terminatedOn: event.data.effectiveOn, terminationReason: event.data.reason };
    default:
      return state;
  }
}

function drafted(d: MouDrafted['data']): Mou {
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
    leadTeam: d.leadTeam,
    amendments: [],
    renewals: [],
    signatureRequestedAt: null,
    fullySignedOn: null,
    activatedOn: null,
    expiredOn: null,
    terminatedOn: null,
    terminationReason: null,
    createdAt: d.at,
    updatedAt: d.at,
  };
}

/**
 * Reports kept in the state: enough for a chart of recent progress, while a KPI reported on every week for
 * years folds in linear time (history `asOf` replays every event; copying an ever-growing list made it quadratic).
 */
export const REPORTS_KEPT = 50;

const newKpi = (k: KpiTerms): Kpi => ({ ...k, progress: null, percent: null, lastReportedOn: null, reports: [], reportCount: 0 });

function withReport(kpi: Kpi, r: KpiProgressReported['data']): Kpi {
  const kept = kpi.reports.length >= REPORTS_KEPT ? kpi.reports.slice(kpi.reports.length - REPORTS_KEPT + 1) : kpi.reports;
  const reports = [...kept, { value: r.value, reportedOn: r.reportedOn, note: r.note, at: r.at }];
  const reportCount = (kpi.reportCount ?? kpi.reports.length) + 1;
  // Latest by reported date; on the same date the later record wins (it corrects the earlier one). Compared with the
  // current latest only, so a long KPI history folds in linear time.
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
