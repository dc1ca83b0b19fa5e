import type { ConfidentialityChangedData } from '@pmt/contracts-common';
import type { DomainEvent, Json } from '@pmt/kernel';

/** The integration events of the mous service (`events.mous.mou.<type>`, stream `mou-<id>`; docs/integration-events.md). */

export const COLLABORATION_LEVELS = ['data-sharing', 'operational', 'strategic'] as const;
export type CollaborationLevel = (typeof COLLABORATION_LEVELS)[number];

export const MOU_STATUSES = ['draft', 'awaiting-signatures', 'signed', 'active', 'expired', 'terminated'] as const;
export type MouStatus = (typeof MOU_STATUSES)[number];

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
  MouConfidentialityChanged: 'MouConfidentialityChanged',
} as const;
export const MOU_EVENT_TYPES: readonly string[] = Object.values(MouEventType);

/** Free text, or an object of the changed clauses; recorded as given. */
export type AmendmentChanges = string | { [key: string]: Json };

/** `at` on every event is the command's `now`: the instant the office recorded the change. */
/** `confidential` is missing on MOUs drafted before it existed: read it as false. */
export type MouDrafted = DomainEvent<'MouDrafted', MouTerms & { id: string; parties: PartyTerms[]; endsOn: string; confidential?: boolean; at: string }>;
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
export type MouAmended = DomainEvent<'MouAmended', { number: number; summary: string; changes: AmendmentChanges; effectiveOn: string; at: string }>;
export type KpiProgressReported = DomainEvent<'KpiProgressReported', { kpiId: string; value: number; reportedOn: string; note: string | null; at: string }>;
export type MouRenewed = DomainEvent<'MouRenewed', { termMonths: number; previousEndsOn: string; startsOn: string; endsOn: string; at: string }>;
export type MouExpired = DomainEvent<'MouExpired', { expiredOn: string; at: string }>;
export type MouTerminated = DomainEvent<'MouTerminated', { reason: string; effectiveOn: string; at: string }>;
export type MouConfidentialityChanged = DomainEvent<'MouConfidentialityChanged', ConfidentialityChangedData>;

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
  | MouTerminated
  | MouConfidentialityChanged;
