import { describe, it, expect } from '@jest/globals';
import { DeciderSpec, ResourceSpec } from '@pmt/testing';
import type { OrganisationEvent } from './organisation';
import { organisationDecider, type OrganisationCommand, type RegisterOrganisationData } from './organisation.decide';
import { streamIdOf } from './organisation';
import { organisationResource } from './organisation.resource';

const spec = DeciderSpec(organisationDecider);
const NOW = '2025-01-07T03:00:00.000Z';
const LATER = '2025-03-01T03:00:00.000Z';

const registration: RegisterOrganisationData = {
  id: 'org-nia',
  name: 'สำนักงานนวัตกรรมแห่งชาติ (องค์การมหาชน)',
  nameEn: 'National Innovation Agency',
  kind: 'government',
  country: 'TH',
  sectors: ['innovation', 'public sector'],
  contacts: [{ id: 'c-1', name: 'คุณสมชาย', email: 'somchai@nia.or.th', role: 'partnership officer' }],
};
const registered: OrganisationEvent = {
  type: 'OrganisationRegistered',
  data: {
    ...registration,
    nameEn: 'National Innovation Agency',
    contacts: [{ id: 'c-1', name: 'คุณสมชาย', email: 'somchai@nia.or.th', phone: null, role: 'partnership officer' }],
    at: NOW,
  },
};
const archived: OrganisationEvent = { type: 'OrganisationArchived', data: { at: LATER } };

const register = (data: RegisterOrganisationData = registration): OrganisationCommand => ({ type: 'RegisterOrganisation', data, now: NOW });
const addContact = (email = 'malee@nia.or.th', id = 'c-2'): OrganisationCommand => ({
  type: 'AddContact',
  data: { id, name: 'คุณมาลี', email, phone: '+66 2 017 5555' },
  now: LATER,
});
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
      const contacts = [...registration.contacts, { id: 'c-2', name: 'someone', email: 'SOMCHAI@nia.or.th' }];
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
      const contacts = [...registration.contacts, { id: 'c-1', name: 'someone', email: 'other@nia.or.th' }];
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
    it('adds the contact with the id from the command', () => {
      spec
        .given([registered])
        .when(addContact())
        .then([
          {
            type: 'ContactAdded',
            data: { contact: { id: 'c-2', name: 'คุณมาลี', email: 'malee@nia.or.th', phone: '+66 2 017 5555', role: null }, at: LATER },
          },
        ]);
    });

    it('refuses an email already used by a contact, on the path email', () => {
      expect(thrown(() => spec.given([registered]).when(addContact(' Somchai@NIA.or.th')).events())).toMatchObject({
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
      contacts: [{ id: 'c-1', name: 'คุณสมชาย', email: 'somchai@nia.or.th', phone: null, role: 'partnership officer' }],
      archivedAt: null,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('after ContactAdded: the contact is appended', () => {
    const added = spec.given([registered]).when(addContact()).events();
    const state = stateOf([registered, ...added]);
    expect(state).toMatchObject({ contacts: [{ id: 'c-1' }, { id: 'c-2', email: 'malee@nia.or.th', role: null }], updatedAt: LATER });
  });

  it('after OrganisationRenamed: both names replaced', () => {
    const renamed = spec.given([registered]).when(rename('ชื่อใหม่', null)).events();
    expect(stateOf([registered, ...renamed])).toMatchObject({ name: 'ชื่อใหม่', nameEn: null, updatedAt: LATER });
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

  it("while active: the names and each contact's id, name and address, nothing else", () => {
    const added = spec.given([registered]).when(addContact()).events();
    expect(stateOf([registered, ...added])).toEqual({
      status: 'active',
      name: registration.name,
      nameEn: 'National Innovation Agency',
      contacts: [
        { id: 'c-1', name: 'คุณสมชาย', email: 'somchai@nia.or.th' },
        { id: 'c-2', name: expect.any(String), email: 'malee@nia.or.th' },
      ],
    });
  });

  it('after OrganisationRenamed: the new names', () => {
    const renamed = spec.given([registered]).when(rename('ชื่อใหม่', null)).events();
    expect(stateOf([registered, ...renamed])).toMatchObject({ status: 'active', name: 'ชื่อใหม่', nameEn: null });
  });

  it('once archived: only when', () => {
    expect(stateOf([registered, archived])).toEqual({ status: 'archived', archivedAt: LATER });
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
