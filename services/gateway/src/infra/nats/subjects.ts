/** The NATS subjects the gateway speaks; fixed by the services' contract. */
export const ORGANISATION = 'partners.organisation';
export const MOU = 'mous.mou';
export const PROPOSAL = 'proposals.proposal';
export const GRANT = 'funding.grant';
export const ACTIVITY = 'events.activity';
export const NOTIFICATION = 'notifications.notification';
/** The office calendar, a projection of the events service (docs/calendar.md): answers `{ ics }`. */
export const CALENDAR_FEED = 'events.calendar.feed';

export const OrganisationCommands = {
  register: `${ORGANISATION}.register`,
  addContact: `${ORGANISATION}.add-contact`,
  rename: `${ORGANISATION}.rename`,
  archive: `${ORGANISATION}.archive`,
} as const;

export const MouCommands = {
  create: `${MOU}.create`,
  reviseTerms: `${MOU}.revise-terms`,
  requestSignatures: `${MOU}.request-signatures`,
  sign: `${MOU}.sign`,
  amend: `${MOU}.amend`,
  reportKpiProgress: `${MOU}.report-kpi-progress`,
  renew: `${MOU}.renew`,
  terminate: `${MOU}.terminate`,
} as const;

export type QueryName = 'get' | 'list' | 'history' | 'state-at' | 'verify' | 'export' | 'export-trailer' | 'diff';

export const querySubject = (aggregate: string, query: QueryName) => `${aggregate}.${query}`;

/** Services whose `<name>.health` readiness checks. */
export const HEALTH_SUBJECTS = { partners: 'partners.health', proposals: 'proposals.health', mous: 'mous.health', funding: 'funding.health', events: 'events.health', notifications: 'notifications.health' } as const;
