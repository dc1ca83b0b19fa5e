// What the API answers, as far as the console reads it (docs: /work/shared/API.md, the OpenAPI at /api/docs).
import type { Money } from './format';

export interface Resource {
  id: string;
  version: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface Contact {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: string | null;
}

export interface Organisation extends Resource {
  name: string;
  nameEn?: string | null;
  kind: string;
  country: string;
  sectors: string[];
  status: string;
  contacts: Contact[];
}

export interface MouParty {
  organisationId: string;
  signatoryName: string;
  signatoryTitle: string;
  signedAt: string | null;
}

export interface MouKpi {
  id: string;
  name: string;
  target: number;
  unit: string | null;
  owner: string | null;
  dueOn: string | null;
  progress: number | null;
  percent: number | null;
  lastReportedOn: string | null;
  /** The latest 20 reports; every one is in the MOU's history. */
  reports: { value: number; reportedOn: string; note: string | null; at: string }[];
  reportCount: number;
}

export interface Mou extends Resource {
  status: string;
  title: string;
  description: string | null;
  parties: MouParty[];
  cooperationAreas: string[];
  collaborationLevel: string;
  effectiveFrom: string;
  termMonths: number;
  endsOn: string;
  kpis: MouKpi[];
  leadTeam: string | null;
  /** Only the lead team, admins and auditors see it (absent on records from before confidentiality: not confidential). */
  confidential?: boolean;
  amendments: { number: number; summary: string; changes: unknown; effectiveOn: string; at: string }[];
  renewals: { termMonths: number; previousEndsOn: string; startsOn: string; endsOn: string; at: string }[];
  signatureRequestedAt: string | null;
  fullySignedOn: string | null;
  activatedOn: string | null;
  expiredOn: string | null;
  terminatedOn: string | null;
  terminationReason: string | null;
}

export interface Proposal extends Resource {
  status: string;
  title: string;
  leadTeam: string | null;
  /** Only the lead team, admins and auditors see it (absent on records from before confidentiality: not confidential). */
  confidential?: boolean;
  funderId: string;
  partnerIds: string[];
  requestedAmount: Money;
  awardedAmount: Money | null;
  submissionDeadline: string | null;
}

export interface Grant extends Resource {
  status: string;
  title: string | null;
  funderId: string;
  leadTeam?: string | null;
  /** Only the lead team, admins and auditors see it (absent on records from before confidentiality: not confidential). */
  confidential?: boolean;
  awardedAmount: Money;
  totals: { disbursed: Money; spent: Money; remaining: Money; unspent: Money; scheduled: Money; coInvested: Money[] };
}

export interface FollowUpTask {
  id: string;
  title: string;
  owner: string;
  dueOn: string;
  status: 'open' | 'done';
}

export interface Activity extends Resource {
  status: string;
  title: string;
  kind: string;
  mouId: string | null;
  proposalId: string | null;
  organisationIds: string[];
  startsAt: string | null;
  endsAt: string | null;
  location: string | null;
  attendance: number | null;
  leadTeam?: string | null;
  /** Only the lead team, admins and auditors see it (absent on records from before confidentiality: not confidential). */
  confidential?: boolean;
  followUpTasks: FollowUpTask[];
}

export interface Notification extends Resource {
  recipient: string;
  subject: string;
  body: string;
  topic: string;
  status: string;
  link: { id: string; resource: string } | null;
  createdAt: string;
}

export interface Partnership {
  organisationId: string;
  mous: { total: number; byStatus: Record<string, number>; items: { id: string; title: string; status: string; endsOn: string }[] };
  proposals: { total: number; byStatus: Record<string, number>; asFunder: number; asPartner: number };
  grants: { total: number; asFunder: number; asPartner: number; closedOut: number };
  money: { requested: Money[]; awarded: Money[]; disbursed: Money[]; coInvested: Money[] };
  activities: { held: number; peopleReached: number };
  kpis: { mouId: string; kpiId: string; name: string; target: number; unit: string | null; latestValue: number | null; progress: number | null }[];
}

export interface HistoryEntry {
  version: number;
  type: string;
  eventId: string;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  correlationId: string | null;
  reason: string | null;
  data: Record<string, unknown>;
  hash?: string;
}

export interface StateAt<T> {
  id: string;
  version: number;
  asOf: string | null;
  state: T | null;
}

export interface Verification {
  valid: boolean;
  events: number;
  firstInvalidVersion: number | null;
  sealedVersion: number | null;
  sealedAt: string | null;
}

export interface DiffChange {
  path: string;
  before?: unknown;
  after?: unknown;
  version: number;
  type: string;
  actor: string;
  occurredAt: string;
}

export interface Diff {
  from: { version: number; at: string };
  to: { version: number; at: string };
  changes: DiffChange[];
}

export interface AuditEvent {
  service: string;
  resourceType: string;
  resourceId: string;
  version: number;
  type: string;
  actor: string;
  occurredAt: string;
  recordedAt: string;
  reason: string | null;
  correlationId: string | null;
}
