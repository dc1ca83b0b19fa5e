import type { MouEvent, MouTerms } from '@pmt/contracts-mous';
import { addDays, addMonths } from '@pmt/kernel';

// The events, statuses and terms are the contract's (libs/contracts/mous): one definition for the service and its consumers.
export { COLLABORATION_LEVELS, MOU_EVENT_TYPES, MouEventType } from '@pmt/contracts-mous';
export type {
  AmendmentChanges,
  CollaborationLevel,
  KpiProgressReported,
  KpiTerms,
  MouActivated,
  MouAmended,
  MouConfidentialityChanged,
  MouDrafted,
  MouEvent,
  MouExpired,
  MouFullySigned,
  MouRenewed,
  MouSignatureRequested,
  MouSigned,
  MouStatus,
  MouTerminated,
  MouTermsRevised,
  MouTerms,
  PartyTerms,
} from '@pmt/contracts-mous';

export const streamIdOf = (id: string): string => `mou-${id}`;

/** Renewal of an expired MOU stays possible for this many days after `endsOn`. */
export const RENEWAL_GRACE_DAYS = 90;

/**
 * What `decide` needs of an MOU, and no more: the API resource (every field, every KPI report) is its own fold
 * in mou.resource.ts. One shape per status, so that, say, a signed MOU always has the date it was fully signed.
 */
export type MouState = NoMou | DraftMou | AwaitingSignaturesMou | SignedMou | InForceMou | ExpiredMou | TerminatedMou;

export type NoMou = { status: 'none' };

/**
 * Who may see the MOU, in every status: a confidential MOU is for its lead team, admins and auditors only
 * (kernel's visibility), so commands from anyone else are decided as if it did not exist.
 */
export interface Secrecy {
  confidential: boolean;
  leadTeam: string | null;
}

/** A party's signature so far: what the next signature is checked against. */
export interface Signatory {
  organisationId: string;
  signedAt: string | null;
}

/** Before every party has signed: the terms may still be revised (compared with these) and signed. */
interface Unsigned extends Secrecy {
  terms: MouTerms;
  parties: Signatory[];
  endsOn: string;
}

export type DraftMou = Unsigned & { status: 'draft' };
export type AwaitingSignaturesMou = Unsigned & { status: 'awaiting-signatures' };

export interface SignedMou extends Secrecy {
  status: 'signed';
  effectiveFrom: string;
  fullySignedOn: string;
  endsOn: string;
  kpiIds: string[];
}

/** In force, or recently ended: what is reported, amended, renewed or expired against. */
export interface InForceMou extends Secrecy {
  status: 'active';
  endsOn: string;
  kpiIds: string[];
  amendmentCount: number;
}

export interface ExpiredMou extends Omit<InForceMou, 'status'> {
  status: 'expired';
}

/** Nothing can happen to a terminated MOU any more. */
export type TerminatedMou = Secrecy & { status: 'terminated' };

/** Any MOU that exists. */
export type Mou = Exclude<MouState, NoMou>;

export const initialState = (): MouState => ({ status: 'none' });

/** The last day of a term that starts on `from` and runs `months` calendar months. */
export const termEndsOn = (from: string, months: number): string => addDays(addMonths(from, months), -1);

/** Events reach evolve only from decide, in the order its rules allow; any other pairing leaves the state as it is. */
export function evolve(state: MouState, event: MouEvent): MouState {
  switch (event.type) {
    case 'MouDrafted': {
      const { id: _id, parties, endsOn, confidential, at: _at, ...terms } = event.data;
      return {
        status: 'draft',
        terms,
        parties: parties.map((p) => ({ organisationId: p.organisationId, signedAt: null })),
        endsOn,
        confidential: confidential === true,
        leadTeam: terms.leadTeam ?? null,
      };
    }
    case 'MouTermsRevised': {
      if (state.status !== 'draft' && state.status !== 'awaiting-signatures') return state;
      const cleared = new Set(event.data.signaturesCleared);
      return {
        ...state,
        ...(event.data.returnedToDraft && { status: 'draft' as const }),
        terms: { ...state.terms, ...event.data.changes },
        leadTeam: event.data.changes.leadTeam !== undefined ? event.data.changes.leadTeam : state.leadTeam,
        parties: state.parties.map((p) => (cleared.has(p.organisationId) ? { ...p, signedAt: null } : p)),
        endsOn: event.data.endsOn,
      };
    }
    case 'MouSignatureRequested':
      return state.status === 'draft' ? { ...state, status: 'awaiting-signatures' } : state;
    case 'MouSigned': {
      if (state.status !== 'awaiting-signatures') return state;
      const { organisationId, signedAt } = event.data;
      return { ...state, parties: state.parties.map((p) => (p.organisationId === organisationId ? { ...p, signedAt } : p)) };
    }
    case 'MouFullySigned':
      if (state.status !== 'awaiting-signatures') return state;
      return {
        status: 'signed',
        effectiveFrom: state.terms.effectiveFrom,
        fullySignedOn: event.data.signedOn,
        endsOn: state.endsOn,
        kpiIds: state.terms.kpis.map((k) => k.id),
        ...secrecyOf(state),
      };
    case 'MouActivated':
      return state.status === 'signed' ? { status: 'active', endsOn: state.endsOn, kpiIds: state.kpiIds, amendmentCount: 0, ...secrecyOf(state) } : state;
    case 'MouAmended':
      return state.status === 'active' ? { ...state, amendmentCount: state.amendmentCount + 1 } : state;
    case 'MouRenewed':
      return state.status === 'active' || state.status === 'expired' ? { ...state, status: 'active', endsOn: event.data.endsOn } : state;
    case 'MouExpired':
      return state.status === 'active' ? { ...state, status: 'expired' } : state;
    case 'MouTerminated':
      return state.status === 'none' ? state : { status: 'terminated', ...secrecyOf(state) };
    case 'MouConfidentialityChanged':
      return state.status === 'none' ? state : { ...state, confidential: event.data.confidential };
    default:
      // KpiProgressReported changes nothing decide looks at: deciding stays the same cost however many reports there are
      return state;
  }
}

/** The confidentiality and lead team of an MOU, as `visibilityOf` on its definition reads them. */
export const secrecyOf = (mou: MouState): Secrecy =>
  mou.status === 'none' ? { confidential: false, leadTeam: null } : { confidential: mou.confidential, leadTeam: mou.leadTeam };
