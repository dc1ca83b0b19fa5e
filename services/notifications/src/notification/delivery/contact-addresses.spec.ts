import { describe, expect, it } from '@jest/globals';
import { contactAddressIn } from './contact-addresses';

/** The organisation as partners answers it: contacts decrypted with their ids, an erased one its id only. */
const organisation = {
  id: 'nia',
  contacts: [
    { id: 'c-somchai', name: 'Somchai', email: ' somchai@nia.or.th ', phone: null, role: 'director' },
    { id: 'c-erased', erased: true, erasedAt: '2026-01-01T00:00:00.000Z' },
    { id: 'c-no-mail', name: 'Reception', email: '' },
  ],
};

describe('a contact’s address at the time of sending', () => {
  it('is the address partners answers for the contact', () => {
    expect(contactAddressIn(organisation, 'c-somchai')).toEqual({ address: 'somchai@nia.or.th' });
  });

  it('is none, with a plain reason, for an erased contact, a removed one and one without an address', () => {
    expect(contactAddressIn(organisation, 'c-erased')).toEqual({ gone: 'the contact was erased' });
    expect(contactAddressIn(organisation, 'c-removed')).toEqual({ gone: 'the contact was removed from its organisation' });
    expect(contactAddressIn(organisation, 'c-no-mail')).toEqual({ gone: 'the contact has no email address' });
  });
});
