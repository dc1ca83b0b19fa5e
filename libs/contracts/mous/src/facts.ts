import { dateOrNull, list, record, text, textOrNull } from '@pmt/kernel';
import { MOU_EVENT_TYPES, type MouEvent, type MouStatus } from './events';

/** An event of `mou-<id>` as another service receives it: one of this contract's types with its data. */
export type IncomingMouEvent = { [T in MouEvent['type']]: { type: T; data: Extract<MouEvent, { type: T }>['data'] } }[MouEvent['type']];

/**
 * The event typed by this contract, or null for a type it does not define (a newer producer's): consumers fold
 * what they know and pass over the rest. The data is still read leniently below: an old event may lack a field,
 * and a projection that throws stops at that event for good.
 */
export function mouEventOf(e: { type: string; data: unknown }): IncomingMouEvent | null {
  return MOU_EVENT_TYPES.includes(e.type) ? ({ type: e.type, data: record(e.data) } as IncomingMouEvent) : null;
}

/**
 * The facts of an MOU every consumer of the mous service's events folds the same way: its title, parties, lead
 * team, lifecycle status and the end of its current term. Each consumer keeps the rest of its facts (KPIs, the
 * term's cause, dates) in its own fold, and its own guard against repeats.
 */
export interface MouCoreFacts {
  title: string;
  /** The parties' organisation ids, in the MOU's order. */
  parties: string[];
  leadTeam: string | null;
  /** Only the lead team, admins and auditors may see it (kernel's visibility). */
  confidential: boolean;
  status: MouStatus;
  /** Last day of the current term. */
  endsOn: string | null;
}

/** The status each event leaves an MOU in; events not named here leave it as it was. */
export const MOU_STATUS_AFTER: Partial<Record<MouEvent['type'], MouStatus>> = {
  MouSignatureRequested: 'awaiting-signatures',
  MouFullySigned: 'signed',
  MouActivated: 'active',
  MouRenewed: 'active',
  MouExpired: 'expired',
  MouTerminated: 'terminated',
};

/** The core facts of `MouDrafted`; null for any other event. */
export function draftedMouCore(event: { type: string; data: unknown }): MouCoreFacts | null {
  const e = mouEventOf(event);
  if (e?.type !== 'MouDrafted') return null;
  return {
    title: text(e.data.title),
    parties: list(e.data.parties)
      .map((p) => text(record(p).organisationId))
      .filter((p) => p !== ''),
    leadTeam: textOrNull(e.data.leadTeam),
    confidential: e.data.confidential === true,
    status: 'draft',
    endsOn: dateOrNull(e.data.endsOn),
  };
}

/** What a later event of the MOU changes of its core facts (nothing, for events that change none). */
export function mouCoreChanges(event: { type: string; data: unknown }, current: Pick<MouCoreFacts, 'title' | 'endsOn'>): Partial<MouCoreFacts> {
  const e = mouEventOf(event);
  if (!e) return {};
  if (e.type === 'MouTermsRevised') {
    const c = record(e.data.changes);
    return {
      ...('title' in c && { title: text(c.title, current.title) }),
      ...('leadTeam' in c && { leadTeam: textOrNull(c.leadTeam) }),
      endsOn: dateOrNull(e.data.endsOn) ?? current.endsOn,
      ...(e.data.returnedToDraft === true && { status: 'draft' as const }),
    };
  }
  if (e.type === 'MouConfidentialityChanged') return { confidential: e.data.confidential === true };
  const status = MOU_STATUS_AFTER[e.type];
  if (e.type === 'MouRenewed') return { status: 'active', endsOn: dateOrNull(e.data.endsOn) ?? current.endsOn };
  return status ? { status } : {};
}
