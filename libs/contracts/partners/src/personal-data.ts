import { z } from 'zod';
import { text, uuid } from '@pmt/contracts-common';
import { ORGANISATION_PREFIX } from './subjects';

/** Personal data of contacts under Thailand's PDPA (docs/personal-data.md): erasure and the data-subject export. */
export const PersonalDataSubjects = {
  /** Command: records ContactErased and destroys the contact's key. */
  eraseContact: `${ORGANISATION_PREFIX}.erase-contact`,
  /** Query `{ id, contactId }`: one person's data back to them. */
  personalData: `${ORGANISATION_PREFIX}.personal-data`,
} as const;

/** The reason is required: an erasure without a recorded why is not accountable. */
export const eraseContact = z.strictObject({
  reason: text(2000).describe('Why the data is erased (the request it answers); recorded with the erasure event'),
});

/** What travels to the partners service: the contact named by the path, the reason beside it (metadata). */
export const eraseContactCommand = z.strictObject({ contactId: uuid(), reason: z.string().optional() });
