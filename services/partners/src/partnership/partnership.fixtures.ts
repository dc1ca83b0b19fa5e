import { newId, type Money, type StoredEvent } from '@pmt/kernel';
import { assembleLists, type MouListEntry } from './mou-lists';
import { Collections, type Partnership } from './partnership';
import { withoutId, type PartnershipDocs } from './partnership.projection';

/**
 * Contract-shaped events of other services' streams (docs/integration-events.md), for tests: each stream
 * numbers its own versions, and every event's data carries `at` = its occurredAt, as the services write them.
 */
export class SourceStream {
  private version = 0;
  readonly streamId: string;

  constructor(
    readonly category: 'mou' | 'proposal' | 'grant' | 'activity',
    readonly id: string = newId(),
  ) {
    this.streamId = `${category}-${id}`;
  }

  event(type: string, data: Record<string, unknown>, at: string): StoredEvent {
    this.version += 1;
    return {
      id: newId(),
      type,
      schemaVersion: 1,
      data: { ...data, at },
      actor: 'officer@step.example',
      correlationId: newId(),
      causationId: newId(),
      occurredAt: at,
      streamId: this.streamId,
      streamVersion: this.version,
      globalPosition: 0,
      recordedAt: at,
      hash: '0'.repeat(64),
    };
  }
}

export const thb = (amount: number): Money => ({ amount, currency: 'THB' });
export const usd = (amount: number): Money => ({ amount, currency: 'USD' });

/** `more`: fields to add or replace, like `{ confidential: true, leadTeam: 'IASA' }`. */
export function mouDrafted(
  s: SourceStream,
  parties: string[],
  at: string,
  kpis: { id: string; name: string; target: number; unit?: string }[] = [],
  more: Record<string, unknown> = {},
) {
  return s.event(
    'MouDrafted',
    {
      id: s.id,
      title: `MOU ${s.id.slice(-4)}`,
      description: null,
      parties: parties.map((organisationId) => ({ organisationId, signatoryName: 'Director', signatoryTitle: 'Director' })),
      cooperationAreas: ['innovation'],
      collaborationLevel: 'strategic',
      effectiveFrom: '2025-01-07',
      termMonths: 24,
      endsOn: '2027-01-06',
      kpis: kpis.map((k) => ({ id: k.id, name: k.name, target: k.target, unit: k.unit ?? null, owner: null, dueOn: null })),
      leadTeam: 'IASA',
      ...more,
    },
    at,
  );
}

export interface ProposalTerms {
  funderId: string;
  partnerIds: string[];
  leadTeam: string;
  requestedAmount: Money;
}

export function proposalDrafted(s: SourceStream, t: ProposalTerms, at: string, more: Record<string, unknown> = {}) {
  return s.event(
    'ProposalDrafted',
    { id: s.id, title: `Proposal ${s.id.slice(-4)}`, ...t, programme: 'social innovation', submissionDeadline: '2025-12-31', activityId: null, ...more },
    at,
  );
}

export const proposalSubmitted = (s: SourceStream, submittedOn: string, at: string) =>
  s.event('ProposalSubmitted', { submittedOn, late: false, lateReason: null }, at);

export function proposalApproved(s: SourceStream, t: ProposalTerms, awardedAmount: Money, at: string) {
  return s.event('ProposalApproved', { awardedAmount, reasons: ['fits the programme'], proposalId: s.id, title: `Proposal ${s.id.slice(-4)}`, ...t }, at);
}

export interface GrantTerms {
  proposalId: string | null;
  funderId: string;
  partnerIds: string[];
  leadTeam: string | null;
  awardedAmount: Money;
}

export function grantOpened(s: SourceStream, t: GrantTerms, at: string, more: Record<string, unknown> = {}) {
  return s.event('GrantOpened', { id: s.id, title: `Grant ${s.id.slice(-4)}`, ...t, startsOn: '2025-03-01', endsOn: '2026-02-28', ...more }, at);
}

export const fundsDisbursed = (s: SourceStream, amount: Money, disbursedOn: string, at: string) =>
  s.event('FundsDisbursed', { disbursementId: newId(), amount, disbursedOn, trancheId: null }, at);

export const coInvestmentCommitted = (s: SourceStream, organisationId: string, amount: Money, committedOn: string, at: string) =>
  s.event('CoInvestmentCommitted', { coInvestmentId: newId(), organisationId, amount, committedOn }, at);

/** The copy the inbox makes of a source event, as the partners log holds it. */
export function inboxCopy(e: StoredEvent, globalPosition: number, category = 'inbox'): StoredEvent {
  return { ...e, id: newId(), streamId: `${category}-${e.streamId}`, causationId: e.id, globalPosition };
}

/** The fold's documents as the read model keeps them, for tests: JSON in, JSON out. */
export class MemoryPartnershipDocs implements PartnershipDocs {
  readonly docs = new Map<string, string>();
  async get(collection: string, id: string): Promise<unknown> {
    const json = this.docs.get(`${collection}/${id}`);
    return json === undefined ? null : JSON.parse(json);
  }
  put(collection: string, doc: { id: string }): void {
    this.docs.set(`${collection}/${doc.id}`, JSON.stringify(doc));
  }
  delete(collection: string, id: string): void {
    this.docs.delete(`${collection}/${id}`);
  }
  /** The stored summary with its MOU list entries put back, as GET partnership assembles it for those who see everything. */
  summary(org: string): Partnership | null {
    const json = this.docs.get(`${Collections.partnerships}/${org}`);
    if (json === undefined) return null;
    const entries = [...this.docs.entries()]
      .filter(([k]) => k.startsWith(`${Collections.mouLists}/`))
      .map(([, v]) => JSON.parse(v) as MouListEntry)
      .filter((e) => e.organisationId === org);
    return assembleLists(withoutId(JSON.parse(json)), entries);
  }
  /** Every document, in key order, as text: equal dumps mean byte-for-byte equal read models. */
  dump(): string {
    return [...this.docs.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
  }
}
