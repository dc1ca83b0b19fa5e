import type { DomainEvent } from '@pmt/kernel';

export const streamIdOf = (id: string): string => `organisation-${id}`;

export type OrganisationKind = 'government' | 'private' | 'academic' | 'international' | 'nonprofit' | 'community';
export const ORGANISATION_KINDS: readonly OrganisationKind[] = ['government', 'private', 'academic', 'international', 'nonprofit', 'community'];

export type OrganisationStatus = 'active' | 'archived';

/** Optional fields are null, never missing, so the resource keeps one shape. */
export interface Contact {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  role: string | null;
}

/**
 * A contact as events carry it since personal data is encrypted (docs/personal-data.md): `sealed` is its name,
 * email, phone and role under a key of its own (`keyId`, in the key store, apart from the events), so the hash
 * chain covers the ciphertext and destroying the key erases the person. `emailDigest` is a keyed digest of the
 * normalised address, so that two contacts of an organisation cannot share one without the decider reading it.
 */
export interface SealedContact {
  id: string;
  keyId: string;
  sealed: string;
  emailDigest: string;
}

/** Events written before encryption carry plain contacts: they still read (upcast: a contact without `sealed` is plain). */
export type StoredContact = SealedContact | Contact;

export const isSealed = (c: StoredContact): c is SealedContact => typeof (c as SealedContact).sealed === 'string';

export const OrganisationEventType = {
  OrganisationRegistered: 'OrganisationRegistered',
  ContactAdded: 'ContactAdded',
  OrganisationRenamed: 'OrganisationRenamed',
  OrganisationArchived: 'OrganisationArchived',
  ContactErased: 'ContactErased',
} as const;
export const ORGANISATION_EVENT_TYPES: readonly string[] = Object.values(OrganisationEventType);

/** `at` on every event is the command's `now`. */
export type OrganisationRegistered = DomainEvent<
  'OrganisationRegistered',
  {
    id: string;
    name: string;
    nameEn: string | null;
    kind: OrganisationKind;
    country: string;
    sectors: string[];
    contacts: StoredContact[];
    at: string;
  }
>;
export type ContactAdded = DomainEvent<'ContactAdded', { contact: StoredContact; at: string }>;
export type OrganisationRenamed = DomainEvent<
  'OrganisationRenamed',
  { name: string; nameEn: string | null; previousName: string; previousNameEn: string | null; at: string }
>;
export type OrganisationArchived = DomainEvent<'OrganisationArchived', { at: string }>;
/** No personal data: who asked and why are the event's metadata (actor, reason); the key is destroyed beside it. */
export type ContactErased = DomainEvent<'ContactErased', { contactId: string; at: string }>;

export type OrganisationEvent = OrganisationRegistered | ContactAdded | OrganisationRenamed | OrganisationArchived | ContactErased;

/**
 * What `decide` needs of an organisation, and no more: names (a rename must change them), the contacts' ids and
 * addresses (no duplicates), and when it was archived (for the refusal's message). The resource is
 * organisation.resource.ts.
 */
export type OrganisationState = { status: 'none' } | ActiveOrganisation | ArchivedOrganisation;

/**
 * A contact as far as deciding goes: its id and address must stay unique (the address by its digest; a contact
 * written before encryption by its plain address), and an erased one is erased once.
 */
export interface ContactKey {
  id: string;
  emailDigest: string | null;
  email: string | null;
  erased: boolean;
}

export interface ActiveOrganisation {
  status: 'active';
  name: string;
  nameEn: string | null;
  contacts: ContactKey[];
}

/** Being archived, and its contacts: a person may still ask for erasure. */
export interface ArchivedOrganisation {
  status: 'archived';
  archivedAt: string;
  contacts: ContactKey[];
}

export type Organisation = ActiveOrganisation | ArchivedOrganisation;

export const initialState = (): OrganisationState => ({ status: 'none' });

const keyOf = (c: StoredContact): ContactKey =>
  isSealed(c) ? { id: c.id, emailDigest: c.emailDigest, email: null, erased: false } : { id: c.id, emailDigest: null, email: c.email, erased: false };

export function evolve(state: OrganisationState, event: OrganisationEvent): OrganisationState {
  switch (event.type) {
    case 'OrganisationRegistered':
      return { status: 'active', name: event.data.name, nameEn: event.data.nameEn, contacts: event.data.contacts.map(keyOf) };
    case 'ContactAdded':
      return state.status === 'active' ? { ...state, contacts: [...state.contacts, keyOf(event.data.contact)] } : state;
    case 'OrganisationRenamed':
      return state.status === 'active' ? { ...state, name: event.data.name, nameEn: event.data.nameEn } : state;
    case 'OrganisationArchived':
      return state.status === 'active' ? { status: 'archived', archivedAt: event.data.at, contacts: state.contacts } : state;
    case 'ContactErased': {
      if (state.status === 'none') return state;
      // nothing of the person stays in the state either: an erased address may be given to a new contact
      const erase = (c: ContactKey): ContactKey => (c.id === event.data.contactId ? { id: c.id, emailDigest: null, email: null, erased: true } : c);
      return { ...state, contacts: state.contacts.map(erase) };
    }
    default:
      return state;
  }
}
