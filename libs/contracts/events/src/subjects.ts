import { querySubjects, serviceSubjects } from '@pmt/contracts-common';

export const ACTIVITY_PREFIX = 'events.activity';

/** Commands the events service answers; the gateway sends these strings, the routes listen on them. */
export const ActivityCommands = {
  create: `${ACTIVITY_PREFIX}.create`,
  schedule: `${ACTIVITY_PREFIX}.schedule`,
  complete: `${ACTIVITY_PREFIX}.complete`,
  cancel: `${ACTIVITY_PREFIX}.cancel`,
  addTask: `${ACTIVITY_PREFIX}.add-task`,
  completeTask: `${ACTIVITY_PREFIX}.complete-task`,
  setConfidentiality: `${ACTIVITY_PREFIX}.set-confidentiality`,
} as const;

/** get, list and the history/audit queries (docs/history-and-audit.md). */
export const ActivityQueries = querySubjects(ACTIVITY_PREFIX);

export const EventsService = serviceSubjects('events');

/** The office calendar, a projection of this service (docs/calendar.md): answers `{ icsGzip }`. */
export const CalendarQueries = { feed: 'events.calendar.feed' } as const;
