import { list, record, text, type Data } from '@pmt/kernel';

/**
 * What the calendar knows of another service's resource, folded from its events as this service mirrors them
 * (`eventsworkflows-mou-<id>`, `eventsworkflows-proposal-<id>`). `version` and `updatedAt` follow the owner's
 * read model exactly (the source stream version; `at` of the last event the owner's evolve knows), because the
 * feed writes them as SEQUENCE and DTSTAMP.
 */
export interface CalendarMou {
  id: string;
  version: number;
  status: string;
  title: string;
  leadTeam: string | null;
  parties: string[];
  endsOn: string;
  kpis: { id: string; name: string; target: number; unit: string | null; owner: string | null; dueOn: string | null }[];
  updatedAt: string;
}

export interface CalendarProposal {
  id: string;
  version: number;
  status: string;
  title: string;
  leadTeam: string;
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

const MOU_STATUS_OF: Record<string, string> = {
  MouSignatureRequested: 'awaiting-signatures',
  MouFullySigned: 'signed',
  MouActivated: 'active',
  MouRenewed: 'active',
  MouExpired: 'expired',
  MouTerminated: 'terminated',
};
const MOU_EVENTS = new Set(['MouDrafted', 'MouTermsRevised', 'MouSigned', 'MouAmended', 'KpiProgressReported', ...Object.keys(MOU_STATUS_OF)]);

/** Moves an MOU on by one event; an event at or below the version folded is a repeat. Null until drafted. */
export function evolveCalendarMou(m: CalendarMou | null, id: string, e: MirroredEvent): CalendarMou | null {
  if (m && e.streamVersion <= m.version) return m;
  const d = record(e.data);
  if (e.type === 'MouDrafted') {
    const parties = list(d.parties).map((p) => text(record(p).organisationId));
    return {
      id,
      version: e.streamVersion,
      status: 'draft',
      title: text(d.title),
      leadTeam: orNull(d.leadTeam),
      parties,
      endsOn: text(d.endsOn),
      kpis: kpisOf(d.kpis),
      updatedAt: text(d.at),
    };
  }
  if (!m) return null;
  // the owner's evolve leaves an event type it does not know out, updatedAt included
  if (!MOU_EVENTS.has(e.type)) return { ...m, version: e.streamVersion };
  const next: CalendarMou = { ...m, version: e.streamVersion, updatedAt: text(d.at, m.updatedAt) };
  if (e.type === 'MouTermsRevised') return revisedMou(next, d);
  if (e.type === 'MouRenewed') return { ...next, status: 'active', endsOn: text(d.endsOn, m.endsOn) };
  return MOU_STATUS_OF[e.type] ? { ...next, status: MOU_STATUS_OF[e.type] } : next;
}

function revisedMou(m: CalendarMou, d: Data): CalendarMou {
  const c = record(d.changes);
  return {
    ...m,
    ...('title' in c && { title: text(c.title, m.title) }),
    ...('leadTeam' in c && { leadTeam: orNull(c.leadTeam) }),
    ...('kpis' in c && { kpis: kpisOf(c.kpis) }),
    endsOn: text(d.endsOn, m.endsOn),
    ...(d.returnedToDraft === true && { status: 'draft' }),
  };
}

const PROPOSAL_STATUS_OF: Record<string, string> = {
  ProposalSubmitted: 'submitted',
  ProposalApproved: 'approved',
  ProposalRejected: 'rejected',
  ProposalRevisionRequested: 'revision-requested',
  ProposalResubmitted: 'submitted',
  ProposalWithdrawn: 'withdrawn',
};
const PROPOSAL_EVENTS = new Set(['ProposalDrafted', 'ProposalDraftRevised', 'ProposalReviewNoted', ...Object.keys(PROPOSAL_STATUS_OF)]);

/** Moves a proposal on by one event; an event at or below the version folded is a repeat. Null until drafted. */
export function evolveCalendarProposal(p: CalendarProposal | null, id: string, e: MirroredEvent): CalendarProposal | null {
  if (p && e.streamVersion <= p.version) return p;
  const d = record(e.data);
  if (e.type === 'ProposalDrafted') {
    return {
      id,
      version: e.streamVersion,
      status: 'draft',
      title: text(d.title),
      leadTeam: text(d.leadTeam),
      funderId: text(d.funderId),
      partnerIds: texts(d.partnerIds),
      submissionDeadline: text(d.submissionDeadline),
      updatedAt: text(d.at),
    };
  }
  if (!p) return null;
  if (!PROPOSAL_EVENTS.has(e.type)) return { ...p, version: e.streamVersion };
  const next: CalendarProposal = { ...p, version: e.streamVersion, updatedAt: text(d.at, p.updatedAt) };
  if (e.type === 'ProposalDraftRevised') {
    const c = record(d.changes);
    return {
      ...next,
      ...('title' in c && { title: text(c.title, p.title) }),
      ...('leadTeam' in c && { leadTeam: text(c.leadTeam, p.leadTeam) }),
      ...('funderId' in c && { funderId: text(c.funderId, p.funderId) }),
      ...('partnerIds' in c && { partnerIds: texts(c.partnerIds) }),
      ...('submissionDeadline' in c && { submissionDeadline: text(c.submissionDeadline, p.submissionDeadline) }),
    };
  }
  return PROPOSAL_STATUS_OF[e.type] ? { ...next, status: PROPOSAL_STATUS_OF[e.type] } : next;
}
