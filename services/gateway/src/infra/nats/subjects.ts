/** The NATS subjects the gateway speaks that no contract names yet; the others come from libs/contracts. */
export { MOU_PREFIX as MOU } from '@pmt/contracts-mous';
export const ORGANISATION = 'partners.organisation';
export const PROPOSAL = 'proposals.proposal';
export const GRANT = 'funding.grant';
export const ACTIVITY = 'events.activity';
export const NOTIFICATION = 'notifications.notification';

export const OrganisationCommands = {
  register: `${ORGANISATION}.register`,
  addContact: `${ORGANISATION}.add-contact`,
  rename: `${ORGANISATION}.rename`,
  archive: `${ORGANISATION}.archive`,
} as const;

export type QueryName = 'get' | 'list' | 'history' | 'state-at' | 'verify' | 'export' | 'export-trailer' | 'diff';

export const querySubject = (aggregate: string, query: QueryName) => `${aggregate}.${query}`;

/** Services whose `<name>.health` readiness checks. */
export const HEALTH_SUBJECTS = { partners: 'partners.health', proposals: 'proposals.health', mous: 'mous.health', funding: 'funding.health', events: 'events.health', notifications: 'notifications.health' } as const;
