/**
 * A partner organisation's contact as an email recipient: `contact:<organisationId>/<contactId>`. The notification
 * names the contact, never the address; the dispatcher asks the partners service for the address when it sends, so
 * that no event, read model or log of this service keeps a copy of it, and an erased contact cannot be written to.
 */
export interface ContactRef {
  organisationId: string;
  contactId: string;
}

const PREFIX = 'contact:';
const FORM = /^contact:([^\s/@<>,;"]+)\/([^\s/@<>,;"]+)$/;

export const contactRecipient = (ref: ContactRef): string => `${PREFIX}${ref.organisationId}/${ref.contactId}`;

/** The contact a recipient names, or null when it is not of the contact form (a plain address, say). */
export function contactRefOf(recipient: string): ContactRef | null {
  const m = FORM.exec(recipient);
  return m ? { organisationId: m[1], contactId: m[2] } : null;
}
