import { addDays, addMonths, type DomainEvent, type Json } from '@pmt/kernel';

export const streamIdOf = (id: string): string => `mou-${id}`;

export type CollaborationLevel = 'data-sharing' | 'operational' | 'strategic';
export const COLLABORATION_LEVELS: readonly CollaborationLevel[] = ['data-sharing', 'operational', 'strategic'];

export type MouStatus = 'draft' | 'awaiting-signatures' | 'signed' | 'active' | 'expired' | 'terminated';

/** Renewal of an expired MOU stays possible for this many days after `endsOn`. */
export const RENEWAL_GRACE_DAYS = 90;

export interface PartyTerms {
  organisationId: string;
  signatoryName: string;
  signatoryTitle: string;
}

/** A KPI as agreed; optional fields are null, never missing, so the resource keeps one shape. */
export interface KpiTerms {
  id: string;
  name: string;
  target: number;
  unit: string | null;
  owner: string | null;
  dueOn: string | null;
}

/** Every create field that `ReviseTerms` may change (all but `parties`). */
export interface MouTerms {
  title: string;
  description: string | null;
  cooperationAreas: string[];
  collaborationLevel: CollaborationLevel;
  effectiveFrom: string;
  termMonths: number;
  kpis: KpiTerms[];
  leadTeam: string | null;
}

export const MouEventType = {
  MouDrafted: 'MouDrafted',
  MouTermsRevised: 'MouTermsRevised',
  MouSignatureRequested: 'MouSignatureRequested',
  MouSigned: 'MouSigned',
  MouFullySigned: 'MouFullySigned',
  MouActivated: 'MouActivated',
  MouAmended: 'MouAmended',
  KpiProgressReported: 'KpiProgressReported',
  MouRenewed: 'MouRenewed',
  MouExpired: 'MouExpired',
  MouTerminated: 'MouTerminated',
} as const;
export const MOU_EVENT_TYPES: readonly string[] = Object.values(MouEventType);

/** `at` on every event is the command's `now`: the instant the office recorded the change. */
export type MouDrafted = DomainEvent<'MouDrafted', MouTerms & { id: string; parties: PartyTerms[]; endsOn: string; at: string }>;
export type MouTermsRevised = DomainEvent<
  'MouTermsRevised',
  {
    /** Only the fields whose value changed. */
    changes: Partial<MouTerms>;
    /** The last day of the term after the revision (recorded, so a later rule change cannot rewrite history). */
    endsOn: string;
    /** Revised terms void what was signed so far; these parties must sign again. */
    signaturesCleared: string[];
    returnedToDraft: boolean;
    at: string;
  }
>;
export type MouSignatureRequested = DomainEvent<'MouSignatureRequested', { at: string }>;
export type MouSigned = DomainEvent<'MouSigned', { organisationId: string; signedAt: string; at: string }>;
export type MouFullySigned = DomainEvent<'MouFullySigned', { signedOn: string; at: string }>;
export type MouActivated = DomainEvent<'MouActivated', { activatedOn: string; at: string }>;
export type MouAmended = DomainEvent<
  'MouAmended',
  { number: number; summary: string; changes: AmendmentChanges; effectiveOn: string; at: string }
>;
export type KpiProgressReported = DomainEvent<
  'KpiProgressReported',
  { kpiId: string; value: number; reportedOn: string; note: string | null; at: string }
>;
export type MouRenewed = DomainEvent<
  'MouRenewed',
  { termMonths: number; previousEndsOn: string; startsOn: string; endsOn: string; at: string }
>;
export type MouExpired = DomainEvent<'MouExpired', { expiredOn: string; at: string }>;
export type MouTerminated = DomainEvent<'MouTerminated', { reason: string; effectiveOn: string; at: string }>;

export type MouEvent =
  | MouDrafted
  | MouTermsRevised
  | MouSignatureRequested
  | MouSigned
  | MouFullySigned
  | MouActivated
  | MouAmended
  | KpiProgressReported
  | MouRenewed
  | MouExpired
  | MouTerminated;

/** Free text, or an object of the changed clauses; recorded as given. */
export type AmendmentChanges = string | { [key: string]: Json };

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
