import { assertNever, conflict, notFound, refusal, rejectIf, type Decider, type FieldError } from '@pmt/kernel';
import {
  evolve,
  initialState,
  ORGANISATION_KINDS,
  type Organisation,
  type SealedContact,
  type OrganisationEvent,
  type OrganisationKind,
  type OrganisationState,
} from './organisation';

export interface ContactInput {
  /** Assigned by the caller, like every id. */
  id: string;
  name: string;
  email: string;
  phone?: string | null;
  role?: string | null;
  /** The same data encrypted under the contact's own key, made by the transport (the decider holds no keys). */
  seal: ContactSeal;
}

/** What the events keep of a contact: ciphertext, its key's id and a keyed digest of the address. */
export type ContactSeal = Omit<SealedContact, 'id'>;

export interface RegisterOrganisationData {
  id: string;
  name: string;
  nameEn?: string | null;
  kind: OrganisationKind;
  country: string;
  sectors: string[];
  contacts: ContactInput[];
}

export type RegisterOrganisation = { type: 'RegisterOrganisation'; data: RegisterOrganisationData; now: string };
export type AddContact = { type: 'AddContact'; data: ContactInput; now: string };
/** A missing `nameEn` keeps the English name; `null` removes it. */
export type RenameOrganisation = { type: 'RenameOrganisation'; data: { name: string; nameEn?: string | null }; now: string };
export type ArchiveOrganisation = { type: 'ArchiveOrganisation'; data: Record<string, never>; now: string };
/** PDPA erasure of one contact; the transport destroys its key once the event is stored. */
export type EraseContact = { type: 'EraseContact'; data: { contactId: string }; now: string };

export type OrganisationCommand = RegisterOrganisation | AddContact | RenameOrganisation | ArchiveOrganisation | EraseContact;

export function decide(command: OrganisationCommand, state: OrganisationState): OrganisationEvent[] {
  if (command.type === 'RegisterOrganisation') return register(command, state);
  if (state.status === 'none') throw notFound('ORGANISATION.NOT_FOUND', 'organisation not found');
  switch (command.type) {
    case 'AddContact':
      return addContact(command, state);
    case 'RenameOrganisation':
      return rename(command, state);
    case 'ArchiveOrganisation':
      return archive(command, state);
    case 'EraseContact':
      return erase(command, state);
    default:
      return assertNever(command, 'organisation command');
  }
}

export const organisationDecider: Decider<OrganisationCommand, OrganisationEvent, OrganisationState> = {
  decide,
  evolve,
  initialState,
};

const refuse = refusal('organisation');

const isBlank = (s: unknown) => typeof s !== 'string' || s.trim() === '';
/** Addresses differ only in case in practice, never meaningfully. */
const sameEmail = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/** Only the seal goes into the event: the plain fields were for checking. */
const contactOf = (c: ContactInput): SealedContact => ({ id: c.id, keyId: c.seal.keyId, sealed: c.seal.sealed, emailDigest: c.seal.emailDigest });

function register(c: RegisterOrganisation, state: OrganisationState): OrganisationEvent[] {
  const d = c.data;
  if (state.status !== 'none') {
    throw conflict('ORGANISATION.ALREADY_EXISTS', `organisation ${d.id} already exists`, { status: state.status });
  }
  const errors: FieldError[] = [];
  if (isBlank(d.id)) errors.push({ path: 'id', message: 'is required' });
  if (isBlank(d.name)) errors.push({ path: 'name', message: 'is required' });
  if (!ORGANISATION_KINDS.includes(d.kind)) {
    errors.push({ path: 'kind', message: `must be one of ${ORGANISATION_KINDS.join(', ')}` });
  }
  if (typeof d.country !== 'string' || !/^[A-Z]{2}$/.test(d.country)) {
    errors.push({ path: 'country', message: 'must be an ISO 3166-1 alpha-2 code in capitals (TH)' });
  }
  d.contacts.forEach((contact, i) => {
    errors.push(...contactErrors(contact, `contacts[${i}].`));
    const earlier = d.contacts.slice(0, i);
    const sameId = earlier.findIndex((o) => o.id === contact.id);
    if (sameId >= 0) errors.push({ path: `contacts[${i}].id`, message: `is already used by contacts[${sameId}]` });
    const sameMail = earlier.findIndex((o) => sameEmail(o.email, contact.email));
    if (sameMail >= 0) errors.push({ path: `contacts[${i}].email`, message: `is already the email of contacts[${sameMail}]` });
  });
  rejectIf('ORGANISATION.INVALID', errors);
  return [
    {
      type: 'OrganisationRegistered',
      data: {
        id: d.id,
        name: d.name,
        nameEn: d.nameEn ?? null,
        kind: d.kind,
        country: d.country,
        sectors: d.sectors,
        contacts: d.contacts.map(contactOf),
        at: c.now,
      },
    },
  ];
}

function contactErrors(c: ContactInput, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  if (isBlank(c.id)) errors.push({ path: `${prefix}id`, message: 'is required' });
  if (isBlank(c.name)) errors.push({ path: `${prefix}name`, message: 'is required' });
  if (isBlank(c.email)) errors.push({ path: `${prefix}email`, message: 'is required' });
  return errors;
}

function addContact(c: AddContact, org: Organisation): OrganisationEvent[] {
  if (org.status === 'archived') throw refuse('ORGANISATION.ARCHIVED', org, 'an archived organisation takes no new contacts');
  rejectIf('ORGANISATION.INVALID', contactErrors(c.data));
  if (org.contacts.some((o) => o.id === c.data.id)) {
    rejectIf('ORGANISATION.DUPLICATE_CONTACT_ID', [{ path: 'id', message: 'is already the id of a contact' }]);
  }
  const holder = org.contacts.find((o) => !o.erased && (o.emailDigest === c.data.seal.emailDigest || sameEmail(o.email, c.data.email)));
  if (holder) {
    rejectIf('ORGANISATION.DUPLICATE_CONTACT_EMAIL', [{ path: 'email', message: `is already the email of contact ${holder.id}` }]);
  }
  return [{ type: 'ContactAdded', data: { contact: contactOf(c.data), at: c.now } }];
}

function rename(c: RenameOrganisation, org: Organisation): OrganisationEvent[] {
  if (org.status === 'archived') throw refuse('ORGANISATION.ARCHIVED', org, 'an archived organisation is not renamed');
  rejectIf('ORGANISATION.INVALID', isBlank(c.data.name) ? [{ path: 'name', message: 'is required' }] : []);
  const name = c.data.name;
  const nameEn = c.data.nameEn === undefined ? org.nameEn : c.data.nameEn;
  if (name === org.name && nameEn === org.nameEn) {
    throw refuse('ORGANISATION.NAME_UNCHANGED', org, `it is already named "${org.name}"`);
  }
  return [
    {
      type: 'OrganisationRenamed',
      data: { name, nameEn, previousName: org.name, previousNameEn: org.nameEn, at: c.now },
    },
  ];
}

function archive(c: ArchiveOrganisation, org: Organisation): OrganisationEvent[] {
  if (org.status === 'archived') throw refuse('ORGANISATION.ALREADY_ARCHIVED', org, `it was archived at ${org.archivedAt}`);
  return [{ type: 'OrganisationArchived', data: { at: c.now } }];
}

function erase(c: EraseContact, org: Organisation): OrganisationEvent[] {
  const contact = org.contacts.find((o) => o.id === c.data.contactId);
  if (!contact) throw notFound('ORGANISATION.CONTACT_NOT_FOUND', `the organisation has no contact ${c.data.contactId}`);
  if (contact.erased) throw conflict('ORGANISATION.CONTACT_ALREADY_ERASED', `contact ${c.data.contactId} is already erased`, { contactId: c.data.contactId });
  return [{ type: 'ContactErased', data: { contactId: c.data.contactId, at: c.now } }];
}
