import { parseOrThrow, setConfidentiality, validateSubject } from '@pmt/contracts-common';
import * as contract from '@pmt/contracts-events';
import { addDays, isCalendarDate, newId, officeDate, officeDayStart } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import {
  assertMayKeepConfidential,
  confidentialityAuthor,
  checkedRoute,
  commandRoute,
  queryRoutes,
  refsOf,
  validateRoute,
  type DataCheck,
  type Route,
  type ServiceRuntime,
} from '@pmt/service-kit';
import type { z } from 'zod';
import {
  activityRuleErrors,
  canonicalInstant,
  isInstantWithOffset,
  type ActivityCommand,
  type ActivityEvent,
  type ActivityState,
  type ActivityView,
  type PlanActivityData,
} from '../index';

const PREFIX = contract.ACTIVITY_PREFIX;

/** The NATS subjects of activity commands: the events contract's. */
export const ActivitySubjects = contract.ActivityCommands;

/**
 * The commands whose data is checked beyond its shape before the decider, all in one 400: the organisations each
 * once, a slot that ends after it starts, and every organisation named registered and not archived.
 * `<prefix>.validate` answers the same errors without writing.
 */
export const activityChecks = {
  create: { schema: contract.createActivity, rules: (d: unknown) => activityRuleErrors(d, true), organisations: (d: unknown) => refsOf(d, 'organisationIds') },
  schedule: { schema: contract.schedule, rules: (d: unknown) => activityRuleErrors(d, false) },
  complete: { schema: contract.completion, organisations: (d: unknown) => refsOf(d, 'outcomes', 'organisationId') },
} satisfies Partial<Record<keyof typeof contract.ActivityCommands, DataCheck>>;

/** The message's data parsed with the contract's schema before the decider: a bad field is a 400 naming it, whoever sent it. */
function dataOf<S extends z.ZodType>(schema: S, m: CommandMessage): Omit<z.output<S>, 'reason'> {
  const { reason: _reason, ...data } = parseOrThrow(schema, m.data, 'command data') as z.output<S> & { reason?: string };
  return data;
}

const stamp = (now: string) => ({ now, today: officeDate(now) });

/** Each outcome gets an id of its own here, not in the domain (which never makes ids up); a retry of the command answers the first ids. */
const withOutcomeIds = <O extends object>(outcomes: O[]) => outcomes.map((o) => ({ ...o, id: newId() }));

export function activityRoutes(runtime: ServiceRuntime): Route[] {
  const activities = runtime.endpoint<ActivityCommand, ActivityEvent, ActivityState, ActivityView>('activity');
  const route = (subject: string, build: (m: CommandMessage, now: string) => ActivityCommand) =>
    commandRoute(subject, activities, (m, { now }) => build(m, now));
  const requester = () => runtime.requester();
  const checked = (check: DataCheck, inner: Route) => checkedRoute(check, inner, requester);
  return [
    checked(
      activityChecks.create,
      commandRoute(
        ActivitySubjects.create,
        activities,
        // Only workflows (in-process) say where an activity came from; a caller over NATS cannot claim an origin.
        (m, { id, now }): ActivityCommand => {
          const data = dataOf(contract.createActivity, m);
          assertMayKeepConfidential('ACTIVITY.INVALID', m, data);
          return { type: 'PlanActivity', ...stamp(now), data: { ...data, id, origin: null } as PlanActivityData };
        },
        { create: true, newId },
      ),
    ),
    checked(
      activityChecks.schedule,
      route(ActivitySubjects.schedule, (m, now) => ({ type: 'ScheduleActivity', ...stamp(now), data: dataOf(contract.schedule, m) }) as ActivityCommand),
    ),
    checked(
      activityChecks.complete,
      route(ActivitySubjects.complete, (m, now) => {
        const data = dataOf(contract.completion, m);
        return { type: 'CompleteActivity', ...stamp(now), data: { ...data, outcomes: withOutcomeIds(data.outcomes) } } as ActivityCommand;
      }),
    ),
    route(ActivitySubjects.cancel, (m, now) => ({
      type: 'CancelActivity',
      ...stamp(now),
      data: { reason: parseOrThrow(contract.cancellation, m.data, 'command data').reason },
    })),
    route(
      ActivitySubjects.addTask,
      (m, now) => ({ type: 'AddFollowUpTask', ...stamp(now), data: { ...dataOf(contract.followUpTask, m), taskId: newId() } }) as ActivityCommand,
    ),
    route(ActivitySubjects.completeTask, (m, now) => ({
      type: 'CompleteFollowUpTask',
      ...stamp(now),
      data: { taskId: dataOf(contract.taskCompletionMessage, m).taskId },
    })),
    route(ActivitySubjects.setConfidentiality, (m, now) => {
      return {
        type: 'SetConfidentiality',
        ...stamp(now),
        data: { confidential: dataOf(setConfidentiality, m).confidential, by: confidentialityAuthor(m) },
      };
    }),
    validateRoute(validateSubject(PREFIX), activityChecks, requester),
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
