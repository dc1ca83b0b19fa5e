import { dateShapeOrNull, idSet, list, officeDateOf, record, text, textUnlessEmpty, type SourceEvent } from './event-data';
import { moneyOrNull } from './money-sums';
import type { GrantFacts } from './partnership';

/** Folds one event of a grant stream (docs/integration-events.md, funding) into its partnership facts. */
export function evolveGrant(facts: GrantFacts | null, id: string, e: SourceEvent): GrantFacts | null {
  const d = record(e.data);
  if (e.type === 'GrantOpened') {
    return {
      id,
      version: e.streamVersion,
      updatedAt: e.occurredAt,
      proposalId: textUnlessEmpty(d.proposalId),
      title: text(d.title),
      funderId: textUnlessEmpty(d.funderId),
      partnerIds: idSet(list(d.partnerIds)),
      leadTeam: textUnlessEmpty(d.leadTeam),
      awarded: moneyOrNull(d.awardedAmount),
      openedOn: officeDateOf(e),
      disbursements: [],
      coInvestments: [],
      closedOut: false,
    };
  }
  if (!facts) return null;
  const next: GrantFacts = { ...facts, version: e.streamVersion, updatedAt: e.occurredAt };
  switch (e.type) {
    case 'FundsDisbursed': {
      const amount = moneyOrNull(d.amount);
      if (!amount) return next;
      const on = dateShapeOrNull(d.disbursedOn) ?? officeDateOf(e);
      return { ...next, disbursements: [...next.disbursements, { id: text(d.disbursementId), amount, on }] };
    }
    case 'CoInvestmentCommitted': {
      const amount = moneyOrNull(d.amount);
      const organisationId = textUnlessEmpty(d.organisationId);
      if (!amount || !organisationId) return next;
      const on = dateShapeOrNull(d.committedOn) ?? officeDateOf(e);
      return { ...next, coInvestments: [...next.coInvestments, { id: text(d.coInvestmentId), organisationId, amount, on }] };
    }
    case 'GrantClosedOut':
      return { ...next, closedOut: true };
    default:
      return next;
  }
}
