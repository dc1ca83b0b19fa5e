import { mouCoreChanges, mouEventOf, type MouStatus } from '@pmt/contracts-mous';
import { PROPOSAL_STATUS_AFTER, proposalEventOf, type ProposalStatus } from '@pmt/contracts-proposals';
import { list, record, text } from '@pmt/kernel';

/**
 * What the calendar knows of another service's resource, folded from its events as this service mirrors them
 * (`eventsworkflows-mou-<id>`, `eventsworkflows-proposal-<id>`). `version` and `updatedAt` follow the owner's
 * read model exactly (the source stream version; `at` of the last event the owner's evolve knows), because the
 * feed writes them as SEQUENCE and DTSTAMP.
 */
export interface CalendarMou {
  id: string;
  version: number;
  status: MouStatus;
  title: string;
  leadTeam: string | null;
  /** Only the lead team, admins and auditors see its entries (kernel's canSee). */
  confidential: boolean;
  parties: string[];
  endsOn: string;
  kpis: { id: string; name: string; target: number; unit: string | null; owner: string | null; dueOn: string | null }[];
  updatedAt: string;
}

export interface CalendarProposal {
  id: string;
  version: number;
  status: ProposalStatus;
  title: string;
  leadTeam: string;
  /** As on MOUs. */
  confidential: boolean;
  funderId: string;
  partnerIds: string[];
  submissionDeadline: string;
  updatedAt: string;
}

/** An event of a mirrored stream: the source's type, data and version. */
export interface MirroredEvent {
  type: string;
  data: unknown;
  streamVersion: number;
}

// Stored as the owner stored it: nullable strings are kept as given, not trimmed.
const orNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const texts = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const kpisOf = (v: unknown): CalendarMou['kpis'] =>
  list(v).map((k) => {
    const d = record(k);
    return { id: text(d.id), name: text(d.name), target: num(d.target), unit: orNull(d.unit), owner: orNull(d.owner), dueOn: orNull(d.dueOn) };
  });

/** Moves an MOU on by one event; an event at or below the version folded is a repeat. Null until drafted. */
export function evolveCalendarMou(m: CalendarMou | null, id: string, e: MirroredEvent): CalendarMou | null {
  if (m && e.streamVersion <= m.version) return m;
  const mou = mouEventOf(e);
  if (mou?.type === 'MouDrafted') {
    const d = mou.data;
    const parties = list(d.parties).map((p) => text(record(p).organisationId));
    return {
      id,
      version: e.streamVersion,
      status: 'draft',
      title: text(d.title),
      leadTeam: orNull(d.leadTeam),
      confidential: d.confidential === true,
      parties,
      endsOn: text(d.endsOn),
      kpis: kpisOf(d.kpis),
      updatedAt: text(d.at),
    };
  }
  if (!m) return null;
  // the owner's evolve leaves an event type it does not know out, updatedAt included
  if (!mou) return { ...m, version: e.streamVersion };
  const next: CalendarMou = { ...m, version: e.streamVersion, updatedAt: text(mou.data.at, m.updatedAt) };
  // title, lead team, confidentiality, status and term end move as every consumer's MOU fold moves them (the mous contract's facts.ts)
  const { title, leadTeam, confidential, status, endsOn } = mouCoreChanges(e, m);
  const moved: CalendarMou = {
    ...next,
    ...(title !== undefined && { title }),
    ...(leadTeam !== undefined && { leadTeam }),
    ...(confidential !== undefined && { confidential }),
    ...(status !== undefined && { status }),
    ...(endsOn !== undefined && endsOn !== null && { endsOn }),
  };
  const changes = mou.type === 'MouTermsRevised' ? record(mou.data.changes) : {};
  return 'kpis' in changes ? { ...moved, kpis: kpisOf(changes.kpis) } : moved;
}

/** Moves a proposal on by one event; an event at or below the version folded is a repeat. Null until drafted. */
export function evolveCalendarProposal(p: CalendarProposal | null, id: string, e: MirroredEvent): CalendarProposal | null {
  if (p && e.streamVersion <= p.version) return p;
  const proposal = proposalEventOf(e);
  if (proposal?.type === 'ProposalDrafted') {
    const d = proposal.data;
    return {
      id,
      version: e.streamVersion,
      status: 'draft',
      title: text(d.title),
      leadTeam: text(d.leadTeam),
      confidential: d.confidential === true,
      funderId: text(d.funderId),
      partnerIds: texts(d.partnerIds),
      submissionDeadline: text(d.submissionDeadline),
      updatedAt: text(d.at),
    };
  }
  if (!p) return null;
  if (!proposal) return { ...p, version: e.streamVersion };
  const next: CalendarProposal = { ...p, version: e.streamVersion, updatedAt: text(proposal.data.at, p.updatedAt) };
  if (proposal.type === 'ProposalDraftRevised') {
    const c = record(proposal.data.changes);
    return {
      ...next,
      ...('title' in c && { title: text(c.title, p.title) }),
      ...('leadTeam' in c && { leadTeam: text(c.leadTeam, p.leadTeam) }),
      ...('funderId' in c && { funderId: text(c.funderId, p.funderId) }),
      ...('partnerIds' in c && { partnerIds: texts(c.partnerIds) }),
      ...('submissionDeadline' in c && { submissionDeadline: text(c.submissionDeadline, p.submissionDeadline) }),
    };
  }
  if (proposal.type === 'ProposalConfidentialityChanged') return { ...next, confidential: proposal.data.confidential === true };
  const status = PROPOSAL_STATUS_AFTER[proposal.type];
  return status ? { ...next, status } : next;
}
