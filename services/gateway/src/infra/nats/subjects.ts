import { SERVICE_HEALTH_SUBJECTS } from '@pmt/service-kit';
import type { QueryName } from '@pmt/contracts-common';
import { CalendarQueries } from '@pmt/contracts-events';

// Every subject is the services' contract's (libs/contracts/<service>); these names are kept for the gateway's
// many readers (history routes, calendar, audit) that take an aggregate's prefix.
export { ACTIVITY_PREFIX as ACTIVITY } from '@pmt/contracts-events';
export { GRANT_PREFIX as GRANT } from '@pmt/contracts-funding';
export { MOU_PREFIX as MOU } from '@pmt/contracts-mous';
export { NOTIFICATION_PREFIX as NOTIFICATION } from '@pmt/contracts-notifications';
export { ORGANISATION_PREFIX as ORGANISATION, OrganisationCommands } from '@pmt/contracts-partners';
export { PROPOSAL_PREFIX as PROPOSAL } from '@pmt/contracts-proposals';
export type { QueryName } from '@pmt/contracts-common';

/** The office calendar, a projection of the events service (docs/calendar.md): answers `{ icsGzip }`. */
export const CALENDAR_FEED = CalendarQueries.feed;

export const querySubject = (aggregate: string, query: QueryName) => `${aggregate}.${query}`;

/** Services whose `<name>.health` readiness checks. */
export const HEALTH_SUBJECTS = SERVICE_HEALTH_SUBJECTS;
