// The office calendar (docs/calendar.md): a projection of the service's activities and of its mirrors of MOUs and
// proposals, answered as iCalendar on `events.calendar.feed`.
export { calendarProjection, CALENDAR_COLLECTION, CALENDAR_PROJECTION, type CalendarDoc, type CalendarPlace } from './calendar.projection';
export { calendarRoutes, CalendarSubjects, type CalendarFeedParams, type CalendarFeedReply } from './transport/calendar.routes';
export { MirrorCatchUp } from './transport/mirror-catch-up';
