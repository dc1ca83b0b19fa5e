import { grantEventOf } from '@pmt/contracts-funding';
import { dateShapeOrNull, idSet, list, officeDateOf, text, textUnlessEmpty, type SourceEvent } from './event-data';
import { moneyOrNull } from './money-sums';
import type { GrantFacts } from './partnership';

/** Folds one event of a grant stream (docs/integration-events.md, funding) into its partnership facts. */
export function evolveGrant(facts: GrantFacts | null, id: string, e: SourceEvent): GrantFacts | null {
  const ev = grantEventOf(e);
  if (ev?.type === 'GrantOpened') {
    return {
      id,
      version: e.streamVersion,
      updatedAt: e.occurredAt,
      proposalId: textUnlessEmpty(ev.data.proposalId),
      title: text(ev.data.title),
      funderId: textUnlessEmpty(ev.data.funderId),
      partnerIds: idSet(list(ev.data.partnerIds)),
      leadTeam: textUnlessEmpty(ev.data.leadTeam),
      // a grant opened from a confidential proposal is opened confidential (the funding service copies it)
      confidential: ev.data.confidential === true,
      awarded: moneyOrNull(ev.data.awardedAmount),
      openedOn: officeDateOf(e),
      disbursements: [],
      coInvestments: [],
      closedOut: false,
    };
  }
  if (!facts) return null;
  const next: GrantFacts = { ...facts, version: e.streamVersion, updatedAt: e.occurredAt };
  switch (ev?.type) {
    // only counted money: a DisbursementRequested above the four-eyes threshold counts once DisbursementConfirmed
    case 'DisbursementConfirmed':
    case 'FundsDisbursed': {
      const amount = moneyOrNull(ev.data.amount);
      if (!amount) return next;
      const on = dateShapeOrNull(ev.data.disbursedOn) ?? officeDateOf(e);
      return { ...next, disbursements: [...next.disbursements, { id: text(ev.data.disbursementId), amount, on }] };
    }
    case 'CoInvestmentCommitted': {
      const amount = moneyOrNull(ev.data.amount);
      const organisationId = textUnlessEmpty(ev.data.organisationId);
      if (!amount || !organisationId) return next;
      const on = dateShapeOrNull(ev.data.committedOn) ?? officeDateOf(e);
      return { ...next, coInvestments: [...next.coInvestments, { id: text(ev.data.coInvestmentId), organisationId, amount, on }] };
    }
    case 'GrantClosedOut':
      return { ...next, closedOut: true };
    case 'GrantConfidentialityChanged':
      return { ...next, confidential: ev.data.confidential === true };
    default:
      return next;
  }
}
