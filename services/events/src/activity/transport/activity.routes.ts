import { addDays, isCalendarDate, newId, officeDate, officeDayStart } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandRoute, queryRoutes, type Route, type ServiceRuntime } from '@pmt/service-kit';
import {
  canonicalInstant,
  isInstantWithOffset,
  type ActivityCommand,
  type ActivityEvent,
  type ActivityState,
  type ActivityView,
  type PlanActivityData,
} from '../index';

const PREFIX = 'events.activity';

/** The NATS subjects of activity commands; the gateway's table (api/activities/activities.subjects.ts) mirrors it. */
export const ActivitySubjects = {
  create: `${PREFIX}.create`,
  schedule: `${PREFIX}.schedule`,
  complete: `${PREFIX}.complete`,
  cancel: `${PREFIX}.cancel`,
  addTask: `${PREFIX}.add-task`,
  completeTask: `${PREFIX}.complete-task`,
} as const;

type Body = Record<string, unknown>;

const stamp = (now: string) => ({ now, today: officeDate(now) });

/** Each outcome gets an id of its own here, not in the domain (which never makes ids up); a retry of the command answers the first ids. */
const withOutcomeIds = (outcomes: unknown) =>
  Array.isArray(outcomes) ? outcomes.map((o) => (typeof o === 'object' && o !== null ? { ...o, id: newId() } : o)) : outcomes;

export function activityRoutes(runtime: ServiceRuntime): Route[] {
  const activities = runtime.endpoint<ActivityCommand, ActivityEvent, ActivityState, ActivityView>('activity');
  const route = (subject: string, build: (m: CommandMessage<Body>, now: string) => ActivityCommand) =>
    commandRoute(subject, activities, (m, { now }) => build(m as CommandMessage<Body>, now));
  return [
    commandRoute(
      ActivitySubjects.create,
      activities,
      // Only workflows (in-process) say where an activity came from; a caller over NATS cannot claim an origin.
      (m, { id, now }): ActivityCommand => ({ type: 'PlanActivity', ...stamp(now), data: { ...(m.data as object), id, origin: null } as PlanActivityData }),
      { create: true, newId },
    ),
    route(ActivitySubjects.schedule, (m, now) => ({ type: 'ScheduleActivity', ...stamp(now), data: m.data }) as ActivityCommand),
    route(
      ActivitySubjects.complete,
      (m, now) => ({ type: 'CompleteActivity', ...stamp(now), data: { ...m.data, outcomes: withOutcomeIds(m.data.outcomes ?? []) } }) as ActivityCommand,
    ),
    route(ActivitySubjects.cancel, (m, now) => ({ type: 'CancelActivity', ...stamp(now), data: { reason: m.data.reason as string } })),
    route(ActivitySubjects.addTask, (m, now) => ({ type: 'AddFollowUpTask', ...stamp(now), data: { ...m.data, taskId: newId() } }) as ActivityCommand),
    route(ActivitySubjects.completeTask, (m, now) => ({ type: 'CompleteFollowUpTask', ...stamp(now), data: { taskId: m.data.taskId as string } })),
    ...queryRoutes(PREFIX, activities, listQuery),
  ];
}

/**
 * `from` and `to` bound `startsAt`, both ends included. A calendar date is an office (Bangkok) day: `from` its
 * first instant, `to` the whole day. An instant is taken as given. Activities with no time yet never match.
 */
export function listQuery(params: Record<string, unknown>) {
  const filter: Record<string, unknown> = {};
  for (const key of ['status', 'mouId', 'leadTeam', 'kind'] as const) {
    if (typeof params[key] === 'string') filter[key] = params[key];
  }
  // an array field matches when any element equals the value
  if (typeof params.organisationId === 'string') filter.organisationIds = params.organisationId;
  const range: Record<string, string> = {};
  if (isCalendarDate(params.from)) range.$gte = officeDayStart(params.from);
  else if (isInstantWithOffset(params.from)) range.$gte = canonicalInstant(params.from);
  if (isCalendarDate(params.to)) range.$lt = officeDayStart(addDays(params.to, 1));
  else if (isInstantWithOffset(params.to)) range.$lte = canonicalInstant(params.to);
  if (Object.keys(range).length > 0) filter.startsAt = range;
  return { filter, sort: { id: -1 as const } };
}
