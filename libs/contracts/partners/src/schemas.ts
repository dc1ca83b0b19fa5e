import { z } from 'zod';
import { MAX_STATUS_IDS, ORGANISATION_STATUSES } from './organisation';
import { pagination, reason, says, text } from '@pmt/contracts-common';

export const ORGANISATION_KINDS = ['government', 'private', 'academic', 'international', 'nonprofit', 'community'] as const;

const kind = z.enum(ORGANISATION_KINDS, { error: says(`must be one of ${ORGANISATION_KINDS.join(', ')}`) });
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code like TH');
const nameEn = text(300).nullable().optional().describe('The English name when `name` is Thai; null removes it');

export const contact = z.strictObject({
  name: text(200),
  email: z.email({ error: says('must be an email address') }),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()\-.]{3,32}$/, 'must be a phone number')
    .nullable()
    .optional(),
  role: text(200).nullable().optional(),
});

export const createOrganisation = z.strictObject({
  name: text(300).describe('As the organisation writes it, Thai or English; kept exactly as given'),
  nameEn,
  kind,
  country,
  sectors: z.array(text(100)).max(50).optional(),
  contacts: z.array(contact).max(100).optional(),
  reason,
});

export const addContact = contact.extend({ reason });

/** A missing `nameEn` keeps the English name. */
export const renameOrganisation = z.strictObject({ name: text(300), nameEn, reason });

export const archiveOrganisation = z.strictObject({ reason });

/** `partners.organisation.statuses` params: any strings (a malformed id names no organisation), at most MAX_STATUS_IDS. */
export const organisationStatuses = z.strictObject({ ids: z.array(z.string()).min(1).max(MAX_STATUS_IDS) });

export const listOrganisations = z.strictObject({
  kind: kind.optional(),
  country: country.optional(),
  q: z.string().min(1).max(200).optional().describe('Any part of the name, Thai or English'),
  status: z.enum(ORGANISATION_STATUSES, { error: says(`must be one of ${ORGANISATION_STATUSES.join(', ')}`) }).optional(),
  sector: z.string().min(1).max(100).optional(),
  ...pagination,
});
