import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import type { OrganisationEvent } from './organisation';
import { organisationDecider, type OrganisationCommand, type RegisterOrganisationData } from './organisation.decide';
import { streamIdOf } from './organisation';
import { organisationResource } from './organisation.resource';

const spec = DeciderSpec(organisationDecider);
/** What the transport makes of a contact's fields; the decider only carries it into the event. */
const sealOf = (n: number) => ({ keyId: `key-${n}`, sealed: `v1.sealed-${n}`, emailDigest: `digest-${n}` });
const NOW = '2025-01-07T03:00:00.000Z';
const LATER = '2025-03-01T03:00:00.000Z';

const registration: RegisterOrganisationData = {
  id: 'org-nia',
  name: 'สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)',
  nameEn: 'National Innovation Agency',
  kind: 'government',
  country: 'TH',
  sectors: ['innovation', 'public sector'],
  contacts: [{ id: 'c-1', name: 'คุณสมชาย', email: 'somchai@nia.or.th', role: 'partnership officer', seal: sealOf(1) }],
};
const registered: OrganisationEvent = {
  type: 'OrganisationRegistered',
  data: {
    ...registration,
    nameEn: 'National Innovation Agency',
    contacts: [{ id: 'c-1', ...sealOf(1) }],
    at: NOW,
  },
};
const archived: OrganisationEvent = { type: 'OrganisationArchived', data: { at: LATER } };
/** As events were written before contacts were encrypted: they still read, as plain contacts. */
const legacyRegistered: OrganisationEvent = {
  type: 'OrganisationRegistered',
  data: {
    ...registered.data,
    contacts: [{ id: 'c-1', name: 'คุณสมชาย', email: 'somchai@nia.or.th', phone: null, role: 'partnership officer' }],
  } as never,
};

const register = (data: RegisterOrganisationData = registration): OrganisationCommand => ({ type: 'RegisterOrganisation', data, now: NOW });
const addContact = (email = 'malee@nia.or.th', id = 'c-2', seal = sealOf(2)): OrganisationCommand => ({
  type: 'AddContact',
  data: { id, name: 'คุณมาลี', email, phone: '+66 2 017 5555', seal },
  now: LATER,
});
const erase = (contactId = 'c-1'): OrganisationCommand => ({ type: 'EraseContact', data: { contactId }, now: LATER });
const erased: OrganisationEvent = { type: 'ContactErased', data: { contactId: 'c-1', at: LATER } };
const rename = (name: string, nameEn?: string | null): OrganisationCommand => ({
  type: 'RenameOrganisation',
  data: nameEn === undefined ? { name } : { name, nameEn },
  now: LATER,
});
const archive: OrganisationCommand = { type: 'ArchiveOrganisation', data: {}, now: LATER };

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};

describe('streamIdOf', () => {
  it('names the stream organisation-<id>', () => {
    expect(streamIdOf('org-nia')).toBe('organisation-org-nia');
  });
});

describe('RegisterOrganisation', () => {
  describe('when none', () => {
    it('registers it, optional fields null', () => {
      spec.given([]).when(register()).then([registered]);
    });

    it('registers one with a Thai name only', () => {
      const events = spec
        .given([])
        .when(register({ ...registration, nameEn: undefined, contacts: [] }))
        .events();
      expect(events[0].data).toMatchObject({ name: registration.name, nameEn: null, contacts: [] });
    });

    it('refuses two contacts with one email, whatever the case', () => {
      const contacts = [...registration.contacts, { id: 'c-2', name: 'someone', email: 'SOMCHAI@nia.or.th', seal: sealOf(2) }];
      expect(
        thrown(() =>
          spec
            .given([])
            .when(register({ ...registration, contacts }))
            .events(),
        ),
      ).toMatchObject({
        code: 'ORGANISATION.INVALID',
        kind: 'invalid',
        errors: [{ path: 'contacts[1].email', message: 'is already the email of contacts[0]' }],
      });
    });

    it('refuses two contacts with one id', () => {
      const contacts = [...registration.contacts, { id: 'c-1', name: 'someone', email: 'other@nia.or.th', seal: sealOf(2) }];
      spec
        .given([])
        .when(register({ ...registration, contacts }))
        .thenThrows('ORGANISATION.INVALID', 'contacts[1].id');
    });

    it('refuses a blank name, an unknown kind and a country that is not alpha-2', () => {
      const data = { ...registration, name: '  ', kind: 'club' as never, country: 'tha' };
      expect(thrown(() => spec.given([]).when(register(data)).events())).toMatchObject({
        code: 'ORGANISATION.INVALID',
        errors: [{ path: 'name' }, { path: 'kind' }, { path: 'country' }],
      });
    });
  });

  describe('when it exists', () => {
    it('refuses to register it again', () => {
      spec.given([registered]).when(register()).thenThrows('ORGANISATION.ALREADY_EXISTS');
    });
  });
});

describe('AddContact', () => {
  describe('when active', () => {
    it('adds the contact with the id from the command, keeping only its seal: no name, email or phone in the event', () => {
      spec
        .given([registered])
        .when(addContact())
        .then([{ type: 'ContactAdded', data: { contact: { id: 'c-2', ...sealOf(2) }, at: LATER } }]);
    });

    it('refuses an email already used by a contact (same digest), on the path email', () => {
      expect(
        thrown(() =>
          spec
            .given([registered])
            .when(addContact('x@nia.or.th', 'c-2', { ...sealOf(2), emailDigest: 'digest-1' }))
            .events(),
        ),
      ).toMatchObject({
        code: 'ORGANISATION.DUPLICATE_CONTACT_EMAIL',
        kind: 'invalid',
        errors: [{ path: 'email', message: 'is already the email of contact c-1' }],
      });
    });

    it('takes the address of an erased contact for a new one', () => {
      const events = spec
        .given([registered, erased])
        .when(addContact('somchai@nia.or.th', 'c-2', { ...sealOf(2), emailDigest: 'digest-1' }))
        .events();
      expect(events).toMatchObject([{ type: 'ContactAdded' }]);
    });

    it('refuses the plain address of a contact written before encryption, whatever the case', () => {
      expect(thrown(() => spec.given([legacyRegistered]).when(addContact(' Somchai@NIA.or.th')).events())).toMatchObject({
        code: 'ORGANISATION.DUPLICATE_CONTACT_EMAIL',
        kind: 'invalid',
        errors: [{ path: 'email' }],
      });
    });

    it('refuses a contact id already used', () => {
      spec.given([registered]).when(addContact('new@nia.or.th', 'c-1')).thenThrows('ORGANISATION.DUPLICATE_CONTACT_ID', 'id');
    });

    it('refuses a contact without an email', () => {
      spec.given([registered]).when(addContact('')).thenThrows('ORGANISATION.INVALID', 'email');
    });
  });

  describe('when archived', () => {
    it('refuses, naming the state', () => {
      spec.given([registered, archived]).when(addContact()).thenThrows('ORGANISATION.ARCHIVED', 'organisation is "archived"');
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(addContact()).thenThrows('ORGANISATION.NOT_FOUND');
    });
  });
});

describe('RenameOrganisation', () => {
  describe('when active', () => {
    it('renames, keeping the English name when none is given', () => {
      spec
        .given([registered])
        .when(rename('สำนักงานนวัตกรรมแห่งชาติ'))
        .then([
          {
            type: 'OrganisationRenamed',
            data: {
              name: 'สำนักงานนวัตกรรมแห่งชาติ',
              nameEn: 'National Innovation Agency',
              previousName: registration.name,
              previousNameEn: 'National Innovation Agency',
              at: LATER,
            },
          },
        ]);
    });

    it('changes only the English name', () => {
      const events = spec.given([registered]).when(rename(registration.name, 'NIA Thailand')).events();
      expect(events[0].data).toMatchObject({ name: registration.name, nameEn: 'NIA Thailand' });
    });

    it('removes the English name when given null', () => {
      const events = spec.given([registered]).when(rename(registration.name, null)).events();
      expect(events[0].data).toMatchObject({ nameEn: null });
    });

    it('refuses when the name is unchanged', () => {
      spec.given([registered]).when(rename(registration.name)).thenThrows('ORGANISATION.NAME_UNCHANGED', 'organisation is "active"');
    });

    it('refuses a blank name', () => {
      spec.given([registered]).when(rename(' ')).thenThrows('ORGANISATION.INVALID', 'name');
    });
  });

  describe('when archived', () => {
    it('refuses, naming the state', () => {
      spec.given([registered, archived]).when(rename('ชื่อใหม่')).thenThrows('ORGANISATION.ARCHIVED', 'organisation is "archived"');
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(rename('x')).thenThrows('ORGANISATION.NOT_FOUND');
    });
  });
});

describe('ArchiveOrganisation', () => {
  describe('when active', () => {
    it('archives it', () => {
      spec.given([registered]).when(archive).then([archived]);
    });
  });

  describe('when archived', () => {
    it('refuses a second archive', () => {
      spec.given([registered, archived]).when(archive).thenThrows('ORGANISATION.ALREADY_ARCHIVED', `archived at ${LATER}`);
    });
  });

  describe('when none', () => {
    it('answers not found', () => {
      spec.given([]).when(archive).thenThrows('ORGANISATION.NOT_FOUND');
    });
  });
});

describe('EraseContact', () => {
  describe('when the contact is there', () => {
    it('records the erasure: the contact id and when, no personal data', () => {
      spec.given([registered]).when(erase()).then([erased]);
    });

    it('erases a contact of an archived organisation too', () => {
      spec.given([registered, archived]).when(erase()).then([erased]);
    });

    it('erases a contact written before encryption', () => {
      spec.given([legacyRegistered]).when(erase()).then([erased]);
    });
  });

  describe('when the contact is already erased', () => {
    it('refuses with a conflict (409), naming the contact', () => {
      expect(thrown(() => spec.given([registered, erased]).when(erase()).events())).toMatchObject({
        code: 'ORGANISATION.CONTACT_ALREADY_ERASED',
        kind: 'conflict',
        message: 'contact c-1 is already erased',
      });
    });
  });

  describe('when the organisation has no such contact', () => {
    it('answers not found', () => {
      expect(thrown(() => spec.given([registered]).when(erase('c-9')).events())).toMatchObject({ code: 'ORGANISATION.CONTACT_NOT_FOUND', kind: 'not-found' });
    });
  });

  describe('when none', () => {
    it('answers organisation not found', () => {
      spec.given([]).when(erase()).thenThrows('ORGANISATION.NOT_FOUND');
    });
  });
});

describe('the organisation resource', () => {
  const stateOf = (events: OrganisationEvent[]) => ResourceSpec(organisationResource).given(events).resource();

  it('starts as none', () => {
    expect(organisationResource.initialState()).toEqual({ status: 'none' });
  });

  it('after OrganisationRegistered: the whole resource, every key present, plain JSON', () => {
    const state = stateOf([registered]);
    expect(state).toEqual({
      id: 'org-nia',
      status: 'active',
      name: registration.name,
      nameEn: 'National Innovation Agency',
      kind: 'government',
      country: 'TH',
      sectors: ['innovation', 'public sector'],
      contacts: [{ id: 'c-1', ...sealOf(1) }],
      archivedAt: null,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('after ContactAdded: the contact is appended', () => {
    const added = spec.given([registered]).when(addContact()).events();
    const state = stateOf([registered, ...added]);
    expect(state).toMatchObject({ contacts: [{ id: 'c-1' }, { id: 'c-2', ...sealOf(2) }], updatedAt: LATER });
  });

  it('after OrganisationRenamed: both names replaced', () => {
    const renamed = spec.given([registered]).when(rename('ชื่อใหม่', null)).events();
    expect(stateOf([registered, ...renamed])).toMatchObject({ name: 'ชื่อใหม่', nameEn: null, updatedAt: LATER });
  });

  it('after ContactErased: the contact is only its id, erased and when; not even the ciphertext stays', () => {
    const state = stateOf([registered, erased]);
    expect(state).toMatchObject({ contacts: [{ id: 'c-1', erased: true, erasedAt: LATER }], updatedAt: LATER });
    expect(JSON.stringify(state)).not.toContain('sealed');
  });

  it('reads a plain contact written before encryption as it is', () => {
    expect(stateOf([legacyRegistered])).toMatchObject({ contacts: [{ id: 'c-1', name: 'คุณสมชาย', email: 'somchai@nia.or.th' }] });
  });

  it('after OrganisationArchived: archived with the time', () => {
    expect(stateOf([registered, archived])).toMatchObject({ status: 'archived', archivedAt: LATER, updatedAt: LATER });
  });

  it('ignores events other than OrganisationRegistered before it exists', () => {
    expect(stateOf([archived])).toEqual({ status: 'none' });
  });

  it('leaves state unchanged for an unknown event', () => {
    const before = stateOf([registered]);
    expect(organisationResource.evolve(before, { type: 'Other', data: { at: LATER } } as unknown as OrganisationEvent)).toBe(before);
  });
});

describe('the organisation decision state', () => {
  const stateOf = (events: OrganisationEvent[]) => spec.given(events).state();

  it('starts as none', () => {
    expect(organisationDecider.initialState()).toEqual({ status: 'none' });
  });

  it("while active: the names and each contact's id and address digest, nothing personal", () => {
    const added = spec.given([registered]).when(addContact()).events();
    expect(stateOf([registered, ...added])).toEqual({
      status: 'active',
      name: registration.name,
      nameEn: 'National Innovation Agency',
      contacts: [
        { id: 'c-1', emailDigest: 'digest-1', email: null, erased: false },
        { id: 'c-2', emailDigest: 'digest-2', email: null, erased: false },
      ],
    });
  });

  it('a contact written before encryption keeps its plain address for the duplicate check (upcast)', () => {
    expect(stateOf([legacyRegistered])).toMatchObject({ contacts: [{ id: 'c-1', emailDigest: null, email: 'somchai@nia.or.th', erased: false }] });
  });

  it('after ContactErased: the contact is kept as erased, its digest and address gone', () => {
    expect(stateOf([legacyRegistered, erased])).toMatchObject({ contacts: [{ id: 'c-1', emailDigest: null, email: null, erased: true }] });
  });

  it('after OrganisationRenamed: the new names', () => {
    const renamed = spec.given([registered]).when(rename('ชื่อใหม่', null)).events();
    expect(stateOf([registered, ...renamed])).toMatchObject({ status: 'active', name: 'ชื่อใหม่', nameEn: null });
  });

  it('once archived: when, and the contacts (a person may still ask for erasure)', () => {
    expect(stateOf([registered, archived])).toEqual({
      status: 'archived',
      archivedAt: LATER,
      contacts: [{ id: 'c-1', emailDigest: 'digest-1', email: null, erased: false }],
    });
  });

  it('ignores events before it exists, and changes to an archived one', () => {
    expect(stateOf([archived])).toEqual({ status: 'none' });
    const before = stateOf([registered, archived]);
    expect(
      organisationDecider.evolve(before, {
        type: 'OrganisationRenamed',
        data: { name: 'x', nameEn: null, previousName: 'y', previousNameEn: null, at: LATER },
      }),
    ).toBe(before);
  });
});
