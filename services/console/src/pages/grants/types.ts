// A grant as GET /grants/{id} answers it (services/funding grant.resource.ts), as far as the console reads it.
import type { Money } from '../../lib/format';

export interface GrantDetail {
  id: string;
  version: number;
  status: string;
  proposalId: string | null;
  title: string;
  funderId: string;
  partnerIds: string[];
  leadTeam: string | null;
  /** Only the lead team, admins and auditors see it (absent on records from before confidentiality: not confidential). */
  confidential?: boolean;
  awardedAmount: Money;
  startsOn: string;
  endsOn: string;
  tranches: { id: string; dueOn: string; amount: Money; disbursed: Money; at: string }[];
  disbursements: {
    id: string;
    amount: Money;
    disbursedOn: string;
    trancheId: string | null;
    spent: Money;
    /** Above FOUR_EYES_THRESHOLD a disbursement is pending until another staff member confirms it; it counts only then. */
    status?: 'confirmed' | 'pending-confirmation';
    requestedBy?: string | null;
    confirmedBy?: string | null;
    at: string;
  }[];
  expenditures: { id: string; amount: Money; spentOn: string; category: string; disbursementId: string | null; at: string }[];
  coInvestments: { id: string; organisationId: string; amount: Money; committedOn: string; at: string }[];
  totals?: { scheduled: Money; disbursed: Money; spent: Money; remaining: Money; unspent: Money; coInvested: Money[] };
  closeOut: { reason: string | null; undisbursed: Money; unspent: Money; at: string } | null;
}
