import type { DomainEvent } from '@pmt/kernel';

export const streamIdOf = (id: string): string => `organisation-${id}`;

export type OrganisationKind = 'government' | 'private' | 'academic' | 'international' | 'nonprofit' | 'community';
export const ORGANISATION_KINDS: readonly OrganisationKind[] = [
  'government',
  'private',
  'academic',
  'international',
  'nonprofit',
  'community',
];

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

/** An organisation as read: plain JSON, every key always present. */
export interface Organisation {
  id: string;
  status: OrganisationStatus;
  /** As the organisation writes it, Thai or English; kept exactly as given. */
  name: string;
  nameEn: string | null;
  kind: OrganisationKind;
  /** ISO 3166-1 alpha-2. */
  country: string;
  sectors: string[];
  contacts: Contact[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type OrganisationState = { status: 'none' } | Organisation;

export const initialState = (): OrganisationState => ({ status: 'none' });

export function evolve(state: OrganisationState, event: OrganisationEvent): OrganisationState {
  if (event.type === 'OrganisationRegistered') {
    const { at, ...d } = event.data;
    return { ...d, status: 'active', archivedAt: null, createdAt: at, updatedAt: at };
  }
  if (state.status === 'none') return state;
  const s: Organisation = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case 'ContactAdded':
      return { ...s, contacts: [...s.contacts, event.data.contact] };
    case 'OrganisationRenamed':
      return { ...s, name: event.data.name, nameEn: event.data.nameEn };
    case 'OrganisationArchived':
      return { ...s, status: 'archived', archivedAt: event.data.at };
    default:
      return state;
  }
}
