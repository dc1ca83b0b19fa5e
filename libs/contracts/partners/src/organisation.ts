export const ORGANISATION_STATUSES = ['active', 'archived'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

/** What a service needs of `partners.organisation.get`'s reply to decide whether an organisation may be referenced. */
export interface OrganisationStatusReply {
  id: string;
  status: OrganisationStatus;
}

/**
 * `partners.organisation.statuses`: how other services check the organisations a command names, all of them in one
 * request. The reply holds the status of each id that names an organisation the asker may see, and nothing else
 * (no names, no contacts): a reference check has no use for the organisation's personal data.
 */
export interface OrganisationStatusesParams {
  ids: string[];
}

/** Ids one statuses request may ask about (a grant names at most 551 organisations; checks send 500 at a time). */
export const MAX_STATUS_IDS = 1000;
