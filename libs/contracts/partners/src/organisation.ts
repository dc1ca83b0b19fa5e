export const ORGANISATION_STATUSES = ['active', 'archived'] as const;
export type OrganisationStatus = (typeof ORGANISATION_STATUSES)[number];

/** What a service needs of `partners.organisation.get`'s reply to decide whether an organisation may be referenced. */
export interface OrganisationStatusReply {
  id: string;
  status: OrganisationStatus;
}
