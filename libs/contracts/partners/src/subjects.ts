import { querySubjects, serviceSubjects } from '@pmt/contracts-common';

export const ORGANISATION_PREFIX = 'partners.organisation';

/** Commands the partners service answers on organisations. */
export const OrganisationCommands = {
  register: `${ORGANISATION_PREFIX}.register`,
  addContact: `${ORGANISATION_PREFIX}.add-contact`,
  rename: `${ORGANISATION_PREFIX}.rename`,
  archive: `${ORGANISATION_PREFIX}.archive`,
} as const;

/** get, list and the history/audit queries of one organisation; `get` is how other services check a reference. */
export const OrganisationQueries = querySubjects(ORGANISATION_PREFIX);

/** The status of many organisations at once (OrganisationStatusesParams): what a reference check asks. */
export const OrganisationStatusQuery = `${ORGANISATION_PREFIX}.statuses`;

export const PartnersService = serviceSubjects('partners');
