import type { ResourceFold } from '@pmt/event-sourcing';
import type { OrganisationEvent, OrganisationKind, OrganisationStatus, StoredContact } from './organisation';

/** What is left of an erased contact: that there was one, and when it was erased. */
export interface ErasedContact {
  id: string;
  erased: true;
  erasedAt: string;
}

/** The read model keeps contacts sealed (or erased); the transport decrypts them for the API (personal-data/reveal.ts). */
export type ResourceContact = StoredContact | ErasedContact;

/** An organisation as the API shows it: plain JSON, every key always present. */
export interface OrganisationResource {
  id: string;
  status: OrganisationStatus;
  /** As the organisation writes it, Thai or English; kept exactly as given. */
  name: string;
  nameEn: string | null;
  kind: OrganisationKind;
  /** ISO 3166-1 alpha-2. */
  country: string;
  sectors: string[];
  contacts: ResourceContact[];
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the fold holds before the organisation is registered (never stored: the first event registers it). */
export type OrganisationView = { status: 'none' } | OrganisationResource;

/** The organisation resource from its events: the `organisations` read model, history `asOf` and diffs. */
export function evolveOrganisationResource(view: OrganisationView, event: OrganisationEvent): OrganisationView {
  if (event.type === 'OrganisationRegistered') {
    const { at, ...d } = event.data;
    return { ...d, status: 'active', archivedAt: null, createdAt: at, updatedAt: at };
  }
  if (view.status === 'none') return view;
  const s: OrganisationResource = { ...view, updatedAt: event.data.at };
  switch (event.type) {
    case 'ContactAdded':
      return { ...s, contacts: [...s.contacts, event.data.contact] };
    case 'OrganisationRenamed':
      return { ...s, name: event.data.name, nameEn: event.data.nameEn };
    case 'OrganisationArchived':
      return { ...s, status: 'archived', archivedAt: event.data.at };
    case 'ContactErased': {
      // not even the ciphertext stays in the read model
      const erased = (c: ResourceContact): ResourceContact => (c.id === event.data.contactId ? { id: c.id, erased: true, erasedAt: event.data.at } : c);
      return { ...s, contacts: s.contacts.map(erased) };
    }
    default:
      return view;
  }
}

export const organisationResource: ResourceFold<OrganisationEvent, OrganisationView> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveOrganisationResource,
};
