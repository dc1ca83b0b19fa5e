import { dateOrNull, list, record, text, textOrNull } from './foreign-data';
import type { SourceEvent } from './source-event';

/**
 * The facts of an MOU every consumer of the mous service's events folds the same way: its title, parties, lead
 * team, lifecycle status and the end of its current term. Each consumer keeps the rest of its facts (KPIs, the
 * term's cause, dates) in its own fold, and its own guard against repeats.
 * Typed by the events' names here until the mous contract types them.
 */
export interface MouCoreFacts {
  title: string;
  /** The parties' organisation ids, in the MOU's order. */
  parties: string[];
  leadTeam: string | null;
  status: 'draft' | 'awaiting-signatures' | 'signed' | 'active' | 'expired' | 'terminated';
  /** Last day of the current term. */
  endsOn: string | null;
}

/** The core facts of `MouDrafted`; null for any other event. */
export function draftedMouCore(e: SourceEvent): MouCoreFacts | null {
  if (e.type !== 'MouDrafted') return null;
  const d = record(e.data);
  return {
    title: text(d.title),
    parties: list(d.parties)
      .map((p) => text(record(p).organisationId))
      .filter((p) => p !== ''),
    leadTeam: textOrNull(d.leadTeam),
    status: 'draft',
    endsOn: dateOrNull(d.endsOn),
  };
}

/** What a later event of the MOU changes of its core facts (nothing, for events that change none). */
export function mouCoreChanges(e: SourceEvent, current: Pick<MouCoreFacts, 'title' | 'endsOn'>): Partial<MouCoreFacts> {
  const d = record(e.data);
  switch (e.type) {
    case 'MouTermsRevised': {
      const c = record(d.changes);
      return {
        ...('title' in c && { title: text(c.title, current.title) }),
        ...('leadTeam' in c && { leadTeam: textOrNull(c.leadTeam) }),
        endsOn: dateOrNull(d.endsOn) ?? current.endsOn,
        ...(d.returnedToDraft === true && { status: 'draft' as const }),
      };
    }
    case 'MouSignatureRequested':
      return { status: 'awaiting-signatures' };
    case 'MouFullySigned':
      return { status: 'signed' };
    case 'MouActivated':
      return { status: 'active' };
    case 'MouRenewed':
      return { status: 'active', endsOn: dateOrNull(d.endsOn) ?? current.endsOn };
    case 'MouExpired':
      return { status: 'expired' };
    case 'MouTerminated':
      return { status: 'terminated' };
    default:
      return {};
  }
}
