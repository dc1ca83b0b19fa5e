import { proposalEventOf } from '@pmt/contracts-proposals';
import { dateShapeOrNull, idSet, list, officeDateOf, record, text, textUnlessEmpty, type SourceEvent } from './event-data';
import { moneyOrNull } from './money-sums';
import type { ProposalFacts } from './partnership';

/** Folds one event of a proposal stream (docs/integration-events.md, proposals) into its partnership facts. */
export function evolveProposal(facts: ProposalFacts | null, id: string, e: SourceEvent): ProposalFacts | null {
  const ev = proposalEventOf(e);
  if (ev?.type === 'ProposalDrafted') {
    return {
      id,
      version: e.streamVersion,
      updatedAt: e.occurredAt,
      title: text(ev.data.title),
      funderId: textUnlessEmpty(ev.data.funderId),
      partnerIds: idSet(list(ev.data.partnerIds)),
      leadTeam: textUnlessEmpty(ev.data.leadTeam),
      confidential: ev.data.confidential === true,
      status: 'draft',
      requested: moneyOrNull(ev.data.requestedAmount),
      submittedOn: null,
      awarded: null,
      decidedOn: null,
    };
  }
  if (!facts) return null;
  const next: ProposalFacts = { ...facts, version: e.streamVersion, updatedAt: e.occurredAt };
  switch (ev?.type) {
    case 'ProposalDraftRevised': {
      // Only the fields that changed are in `changes`.
      const c = record(ev.data.changes);
      return {
        ...next,
        ...(typeof c.title === 'string' && { title: c.title }),
        ...(c.funderId !== undefined && { funderId: textUnlessEmpty(c.funderId) }),
        ...(Array.isArray(c.partnerIds) && { partnerIds: idSet(c.partnerIds) }),
        ...(c.leadTeam !== undefined && { leadTeam: textUnlessEmpty(c.leadTeam) }),
        ...(c.requestedAmount !== undefined && { requested: moneyOrNull(c.requestedAmount) }),
      };
    }
    case 'ProposalSubmitted':
      // The first submission is when the money was asked for; a resubmission keeps that date.
      return { ...next, status: 'submitted', submittedOn: next.submittedOn ?? dateShapeOrNull(ev.data.submittedOn) ?? officeDateOf(e) };
    case 'ProposalResubmitted':
      return {
        ...next,
        status: 'submitted',
        requested: moneyOrNull(ev.data.requestedAmount) ?? next.requested,
        submittedOn: next.submittedOn ?? officeDateOf(e),
      };
    case 'ProposalApproved':
      // The approval is self-contained: its parties and amounts are the ones that hold.
      return {
        ...next,
        status: 'approved',
        title: typeof ev.data.title === 'string' ? ev.data.title : next.title,
        funderId: textUnlessEmpty(ev.data.funderId) ?? next.funderId,
        partnerIds: Array.isArray(ev.data.partnerIds) ? idSet(ev.data.partnerIds) : next.partnerIds,
        leadTeam: ev.data.leadTeam === undefined ? next.leadTeam : textUnlessEmpty(ev.data.leadTeam),
        confidential: ev.data.confidential === undefined ? next.confidential : ev.data.confidential === true,
        requested: moneyOrNull(ev.data.requestedAmount) ?? next.requested,
        awarded: moneyOrNull(ev.data.awardedAmount),
        decidedOn: officeDateOf(e),
        submittedOn: next.submittedOn ?? officeDateOf(e),
      };
    case 'ProposalRejected':
      return { ...next, status: 'rejected' };
    case 'ProposalRevisionRequested':
      return { ...next, status: 'revision-requested' };
    case 'ProposalWithdrawn':
      return { ...next, status: 'withdrawn' };
    case 'ProposalConfidentialityChanged':
      return { ...next, confidential: ev.data.confidential === true };
    default:
      return next;
  }
}
