import { dateShapeOrNull, idSet, list, officeDateOf, record, text, textUnlessEmpty, type SourceEvent } from './event-data';
import { moneyOrNull } from './money-sums';
import type { ProposalFacts } from './partnership';

/** Folds one event of a proposal stream (docs/integration-events.md, proposals) into its partnership facts. */
export function evolveProposal(facts: ProposalFacts | null, id: string, e: SourceEvent): ProposalFacts | null {
  const d = record(e.data);
  if (e.type === 'ProposalDrafted') {
    return {
      id,
      version: e.streamVersion,
      updatedAt: e.occurredAt,
      title: text(d.title),
      funderId: textUnlessEmpty(d.funderId),
      partnerIds: idSet(list(d.partnerIds)),
      leadTeam: textUnlessEmpty(d.leadTeam),
      status: 'draft',
      requested: moneyOrNull(d.requestedAmount),
      submittedOn: null,
      awarded: null,
      decidedOn: null,
    };
  }
  if (!facts) return null;
  const next: ProposalFacts = { ...facts, version: e.streamVersion, updatedAt: e.occurredAt };
  switch (e.type) {
    case 'ProposalDraftRevised': {
      // Only the fields that changed are in `changes`.
      const c = record(d.changes);
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
      return { ...next, status: 'submitted', submittedOn: next.submittedOn ?? dateShapeOrNull(d.submittedOn) ?? officeDateOf(e) };
    case 'ProposalResubmitted':
      return { ...next, status: 'submitted', requested: moneyOrNull(d.requestedAmount) ?? next.requested, submittedOn: next.submittedOn ?? officeDateOf(e) };
    case 'ProposalApproved':
      // The approval is self-contained: its parties and amounts are the ones that hold.
      return {
        ...next,
        status: 'approved',
        title: typeof d.title === 'string' ? d.title : next.title,
        funderId: textUnlessEmpty(d.funderId) ?? next.funderId,
        partnerIds: Array.isArray(d.partnerIds) ? idSet(d.partnerIds) : next.partnerIds,
        leadTeam: d.leadTeam === undefined ? next.leadTeam : textUnlessEmpty(d.leadTeam),
        requested: moneyOrNull(d.requestedAmount) ?? next.requested,
        awarded: moneyOrNull(d.awardedAmount),
        decidedOn: officeDateOf(e),
        submittedOn: next.submittedOn ?? officeDateOf(e),
      };
    case 'ProposalRejected':
      return { ...next, status: 'rejected' };
    case 'ProposalRevisionRequested':
      return { ...next, status: 'revision-requested' };
    case 'ProposalWithdrawn':
      return { ...next, status: 'withdrawn' };
    default:
      return next;
  }
}
