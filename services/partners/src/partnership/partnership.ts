import { MOU_STATUSES, type MouStatus } from '@pmt/contracts-mous';
import type { ProposalStatus } from '@pmt/contracts-proposals';
import type { Money } from '@pmt/kernel';

/**
 * The partnership read model: facts about other services' MOUs, proposals, grants and activities, kept from
 * the copies of their integration events in this service's inbox, and one summary per organisation.
 */
export const Collections = {
  mous: 'partnership_mous',
  proposals: 'partnership_proposals',
  grants: 'partnership_grants',
  activities: 'partnership_activities',
  partnerships: 'partnerships',
  /** Per organisation and MOU: its entry in the organisation's MOU list and its KPIs (mou-lists.ts). */
  mouLists: 'partnership_mou_lists',
  /** Per organisation: the confidential records' part of its summary, per lead team (partnership-visibility.ts). */
  confidentialParts: 'partnership_confidential_parts',
} as const;

export { MOU_STATUSES, type MouStatus, type ProposalStatus };

/** The proposals contract's statuses in the order the partnership view counts them (the order its API has always shown). */
export const PROPOSAL_STATUSES = ['draft', 'submitted', 'revision-requested', 'approved', 'rejected', 'withdrawn'] as const satisfies readonly ProposalStatus[];

/**
 * Every fact document: `version` is the last source stream version applied (later ones only), `updatedAt` its occurredAt.
 * `confidential` and `leadTeam` say who may see the record (kernel's visibility): a confidential record counts only
 * for its lead team, admins and auditors. Documents written before they existed read as open.
 */
interface Facts {
  id: string;
  version: number;
  updatedAt: string;
  confidential?: boolean;
  leadTeam?: string | null;
}

export interface KpiFacts {
  id: string;
  name: string;
  target: number;
  unit: string | null;
  latestValue: number | null;
  latestReportedOn: string | null;
}

export interface MouFacts extends Facts {
  title: string;
  leadTeam: string | null;
  confidential: boolean;
  status: MouStatus;
  /** Organisation ids of the parties, sorted. */
  parties: string[];
  endsOn: string | null;
  kpis: KpiFacts[];
}

export interface ProposalFacts extends Facts {
  title: string;
  funderId: string | null;
  partnerIds: string[];
  leadTeam: string | null;
  confidential: boolean;
  status: ProposalStatus;
  /** The amount requested now (a resubmission may change it). */
  requested: Money | null;
  /** Office date of the first submission: the day the money was requested. Null while never submitted. */
  submittedOn: string | null;
  awarded: Money | null;
  /** Office date of the approval. */
  decidedOn: string | null;
}

export interface Disbursement {
  id: string;
  amount: Money;
  on: string;
}

export interface CoInvestment {
  id: string;
  organisationId: string;
  amount: Money;
  on: string;
}

export interface GrantFacts extends Facts {
  proposalId: string | null;
  title: string;
  funderId: string | null;
  partnerIds: string[];
  leadTeam: string | null;
  confidential: boolean;
  awarded: Money | null;
  /** Office date the grant was opened: the award date of a grant without a proposal. */
  openedOn: string;
  disbursements: Disbursement[];
  coInvestments: CoInvestment[];
  closedOut: boolean;
}

export interface ActivityFacts extends Facts {
  organisationIds: string[];
  leadTeam: string | null;
  confidential: boolean;
  completed: boolean;
  attendance: number;
}

export type AnyFacts = MouFacts | ProposalFacts | GrantFacts | ActivityFacts;

export interface MouItem {
  id: string;
  title: string;
  status: MouStatus;
  endsOn: string | null;
}

export interface KpiProgress {
  mouId: string;
  kpiId: string;
  name: string;
  target: number;
  unit: string | null;
  latestValue: number | null;
  latestReportedOn: string | null;
  /** latestValue / target, rounded to 4 decimals (0.35 = 35 %); null without a report or with a zero target. */
  progress: number | null;
}

/** Per currency, sorted by currency, integer minor units; a currency whose sum is zero is left out. */
export type MoneySums = Money[];

/** What one organisation's partnership looks like: the `partnerships` document, and the answer of GET partnership. */
export interface Partnership {
  organisationId: string;
  mous: { total: number; byStatus: Record<MouStatus, number>; items: MouItem[] };
  proposals: { total: number; byStatus: Record<ProposalStatus, number>; asFunder: number; asPartner: number };
  grants: { total: number; asFunder: number; asPartner: number; closedOut: number };
  money: {
    requested: MoneySums;
    awarded: MoneySums;
    disbursed: MoneySums;
    /** Committed by anyone on the grants this organisation is funder or partner of. */
    coInvested: MoneySums;
    /** Committed by this organisation itself, on any grant. */
    coInvestedByOrganisation: MoneySums;
  };
  activities: { held: number; peopleReached: number };
  kpis: KpiProgress[];
  /** occurredAt of the latest event that changed this summary; null when nothing has yet. */
  updatedAt: string | null;
}

/** One entity's share of one organisation's partnership; the summary is the sum of every entity's share. */
export type Share = Omit<Partnership, 'organisationId' | 'updatedAt'>;
