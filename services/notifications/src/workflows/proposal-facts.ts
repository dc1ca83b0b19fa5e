import { PROPOSAL_STATUS_AFTER, proposalEventOf } from '@pmt/contracts-proposals';
import { dateOrNull, record, text, textOrNull, type SourceEvent } from '@pmt/kernel';

/** What the deadline reminders need of a proposal, folded from the proposals service's events. */
export interface ProposalFacts {
  id: string;
  version: number;
  title: string;
  leadTeam: string | null;
  /** Only the lead team, admins and auditors may see it, and notices about it (kernel's visibility). */
  confidential: boolean;
  status: string;
  submissionDeadline: string | null;
  /** As MouFacts.enteredLateOn: a deadline reminder that fell due before it is never sent. */
  enteredLateOn?: string | null;
}

export function evolveProposalFacts(facts: ProposalFacts | null, id: string, e: SourceEvent): ProposalFacts | null {
  if (facts && e.streamVersion <= facts.version) return facts;
  const p = proposalEventOf(e);
  if (p?.type === 'ProposalDrafted') {
    const d = p.data;
    return {
      id,
      version: e.streamVersion,
      title: text(d.title),
      leadTeam: textOrNull(d.leadTeam),
      confidential: d.confidential === true,
      status: 'draft',
      submissionDeadline: dateOrNull(d.submissionDeadline),
      enteredLateOn: e.enteredLateOn ?? null,
    };
  }
  if (!facts) return null;
  const f: ProposalFacts = { ...facts, version: e.streamVersion, ...(e.enteredLateOn !== undefined && { enteredLateOn: e.enteredLateOn }) };
  if (!p) return f;
  if (p.type === 'ProposalDraftRevised') {
    const c = record(p.data.changes);
    return {
      ...f,
      ...('title' in c && { title: text(c.title, f.title) }),
      ...('leadTeam' in c && { leadTeam: textOrNull(c.leadTeam) }),
      ...('submissionDeadline' in c && { submissionDeadline: dateOrNull(c.submissionDeadline) }),
    };
  }
  if (p.type === 'ProposalConfidentialityChanged') return { ...f, confidential: p.data.confidential === true };
  const status = PROPOSAL_STATUS_AFTER[p.type];
  return status ? { ...f, status } : f;
}

/** The same facts from the proposals service's current proposal (`proposals.proposal.get`). */
export function proposalFactsOfResource(resource: unknown): ProposalFacts | null {
  const p = record(resource);
  if (typeof p.id !== 'string' || typeof p.status !== 'string') return null;
  return {
    id: p.id,
    version: typeof p.version === 'number' ? p.version : 0,
    title: text(p.title),
    leadTeam: textOrNull(p.leadTeam),
    confidential: p.confidential === true,
    status: p.status,
    submissionDeadline: dateOrNull(p.submissionDeadline),
  };
}
