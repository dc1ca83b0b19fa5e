import { OrganisationQueries } from '@pmt/contracts-partners';
import { isCodedError, list, newId, record, text } from '@pmt/kernel';
import type { NatsRequester } from '@pmt/messaging';
import type { ContactRef } from '../contact-recipient';

/** A contact's address as partners has it now, or why there is none (erased, removed, unknown organisation). */
export type ContactAddress = { address: string } | { gone: string };

/** Looks a contact's address up when an email to it is sent; partners down throws, and the attempt is retried. */
export interface ContactAddresses {
  addressOf(ref: ContactRef): Promise<ContactAddress>;
}

/** The partners service over NATS request/reply: `partners.organisation.get` answers the contacts decrypted, with their ids. */
export class PartnersContactAddresses implements ContactAddresses {
  constructor(
    private readonly requester: NatsRequester,
    private readonly actor: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async addressOf(ref: ContactRef): Promise<ContactAddress> {
    let organisation: unknown;
    try {
      organisation = await this.requester.request<unknown>(
        OrganisationQueries.get,
        { actor: this.actor, correlationId: newId(), params: { id: ref.organisationId } },
        this.timeoutMs,
      );
    } catch (e) {
      if (isCodedError(e) && e.kind === 'not-found') return { gone: 'the contact’s organisation is not known to the partners service' };
      throw e;
    }
    return contactAddressIn(organisation, ref.contactId);
  }
}

/** The contact's address in an organisation as partners answers it. */
export function contactAddressIn(organisation: unknown, contactId: string): ContactAddress {
  const contact = list(record(organisation).contacts).find((c) => text(record(c).id) === contactId);
  if (contact === undefined) return { gone: 'the contact was removed from its organisation' };
  if (record(contact).erased === true) return { gone: 'the contact was erased' };
  const address = text(record(contact).email).trim();
  return address === '' ? { gone: 'the contact has no email address' } : { address };
}
