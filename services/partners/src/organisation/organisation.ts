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

export const OrganisationEventType = {
  OrganisationRegistered: 'OrganisationRegistered',
  ContactAdded: 'ContactAdded',
  OrganisationRenamed: 'OrganisationRenamed',
  OrganisationArchived: 'OrganisationArchived',
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
    contacts: Contact[];
    at: string;
  }
>;
export type ContactAdded = DomainEvent<'ContactAdded', { contact: Contact; at: string }>;
export type OrganisationRenamed = DomainEvent<
  'OrganisationRenamed',
  { name: string; nameEn: string | null; previousName: string; previousNameEn: string | null; at: string }
>;
export type OrganisationArchived = DomainEvent<'OrganisationArchived', { at: string }>;

export type OrganisationEvent = OrganisationRegistered | ContactAdded | OrganisationRenamed | OrganisationArchived;

/**
 * What `decide` needs of an organisation, and no more: names (a rename must change them), the contacts' ids and
 * addresses (no duplicates), and when it was archived (for the refusal's message). The resource is
 * organisation.resource.ts.
 */
export type OrganisationState = { status: 'none' } | ActiveOrganisation | ArchivedOrganisation;

/** A contact as far as deciding goes: its id and address must stay unique, its name tells who holds an address. */
export type ContactKey = Pick<Contact, 'id' | 'name' | 'email'>;

export interface ActiveOrganisation {
  status: 'active';
  name: string;
  nameEn: string | null;
  contacts: ContactKey[];
}

/** Nothing but being archived is left to decide on. */
export interface ArchivedOrganisation {
  status: 'archived';
  archivedAt: string;
}

export type Organisation = ActiveOrganisation | ArchivedOrganisation;

export const initialState = (): OrganisationState => ({ status: 'none' });

const keyOf = ({ id, name, email }: Contact): ContactKey => ({ id, name, email });

export function evolve(state: OrganisationState, event: OrganisationEvent): OrganisationState {
  switch (event.type) {
    case 'OrganisationRegistered':
      return { status: 'active', name: event.data.name, nameEn: event.data.nameEn, contacts: event.data.contacts.map(keyOf) };
    case 'ContactAdded':
      return state.status === 'active' ? { ...state, contacts: [...state.contacts, keyOf(event.data.contact)] } : state;
    case 'OrganisationRenamed':
      return state.status === 'active' ? { ...state, name: event.data.name, nameEn: event.data.nameEn } : state;
    case 'OrganisationArchived':
      return state.status === 'active' ? { status: 'archived', archivedAt: event.data.at } : state;
    default:
      return state;
  }
}
