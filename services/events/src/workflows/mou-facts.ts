import { draftedMouCore, mouCoreChanges, mouEventOf, type MouCoreFacts } from '@pmt/contracts-mous';
import { dateOrNull, type SourceEvent } from '@pmt/kernel';

/** What the events service's workflows know of an MOU, folded from the mous service's events. */
export interface MouFacts extends Omit<MouCoreFacts, 'status'> {
  status: string;
  id: string;
  /** The source stream version folded so far; an event at or below it is a repeat. */
  version: number;
  /** The source event that set the current term end (drafted, revised or renewed): the renewal review's cause. */
  termEventId: string | null;
}

/** Moves the facts on by one event of `mou-<id>`; null while the MOU has not been drafted. */
export function evolveMouFacts(facts: MouFacts | null, id: string, e: SourceEvent): MouFacts | null {
  if (facts && e.streamVersion <= facts.version) return facts;
  const drafted = draftedMouCore(e);
  if (drafted) return { id, version: e.streamVersion, ...drafted, termEventId: e.sourceId };
  if (!facts) return null;
  const m = mouEventOf(e);
  const termMoved = m?.type === 'MouRenewed' || (m?.type === 'MouTermsRevised' && dateOrNull(m.data.endsOn) !== null);
  return { ...facts, version: e.streamVersion, ...mouCoreChanges(e, facts), ...(termMoved && { termEventId: e.sourceId }) };
}

/** The facts of a whole stream, oldest event first. */
export function foldMouFacts(id: string, events: SourceEvent[]): MouFacts | null {
  return events.reduce<MouFacts | null>((facts, e) => evolveMouFacts(facts, id, e), null);
}
