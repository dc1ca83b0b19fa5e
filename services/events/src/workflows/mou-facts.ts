import { dateOrNull, list, record, text, textOrNull, type SourceEvent } from './source-data';

/** What the events service's workflows know of an MOU, folded from the mous service's events. */
export interface MouFacts {
  id: string;
  /** The source stream version folded so far; an event at or below it is a repeat. */
  version: number;
  title: string;
  /** The parties' organisation ids, in the MOU's order. */
  parties: string[];
  leadTeam: string | null;
  /** draft, awaiting-signatures, signed, active, expired or terminated. */
  status: string;
  /** Last day of the current term. */
  endsOn: string | null;
  /** The source event that set the current term end (drafted, revised or renewed): the renewal review's cause. */
  termEventId: string | null;
}

/** Moves the facts on by one event of `mou-<id>`; null while the MOU has not been drafted. */
export function evolveMouFacts(facts: MouFacts | null, id: string, e: SourceEvent): MouFacts | null {
  if (facts && e.streamVersion <= facts.version) return facts;
  const d = record(e.data);
  if (e.type === 'MouDrafted') {
    return {
      id,
      version: e.streamVersion,
      title: text(d.title),
      parties: list(d.parties).map((p) => text(record(p).organisationId)).filter((p) => p !== ''),
      leadTeam: textOrNull(d.leadTeam),
      status: 'draft',
      endsOn: dateOrNull(d.endsOn),
      termEventId: e.sourceId,
    };
  }
  if (!facts) return null;
  const f: MouFacts = { ...facts, version: e.streamVersion };
  switch (e.type) {
    case 'MouTermsRevised': {
      const changes = record(d.changes);
      return {
        ...f,
        ...('title' in changes && { title: text(changes.title, f.title) }),
        ...('leadTeam' in changes && { leadTeam: textOrNull(changes.leadTeam) }),
        ...(dateOrNull(d.endsOn) !== null && { endsOn: dateOrNull(d.endsOn), termEventId: e.sourceId }),
        ...(d.returnedToDraft === true && { status: 'draft' }),
      };
    }
    case 'MouSignatureRequested':
      return { ...f, status: 'awaiting-signatures' };
    case 'MouFullySigned':
      return { ...f, status: 'signed' };
    case 'MouActivated':
      return { ...f, status: 'active' };
    case 'MouRenewed':
      return { ...f, status: 'active', endsOn: dateOrNull(d.endsOn) ?? f.endsOn, termEventId: e.sourceId };
    case 'MouExpired':
      return { ...f, status: 'expired' };
    case 'MouTerminated':
      return { ...f, status: 'terminated' };
    default:
      return f;
  }
}

/** The facts of a whole stream, oldest event first. */
export function foldMouFacts(id: string, events: SourceEvent[]): MouFacts | null {
  return events.reduce<MouFacts | null>((facts, e) => evolveMouFacts(facts, id, e), null);
}
