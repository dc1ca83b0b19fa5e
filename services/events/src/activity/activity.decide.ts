import {
  assertNever,
  conflict,
  notFound,
  refusal,
  rejectIf,
  type Decider,
  type Stamp,
  assertMayMakeConfidential,
  type ConfidentialityAuthor,
} from '@pmt/kernel';
import {
  evolve,
  initialState,
  type Activity,
  type ActivityEvent,
  type ActivityKind,
  type ActivityOrigin,
  type ActivityState,
  type ActivityStatus,
  type Outcome,
} from './activity';
import {
  attendanceErrors,
  canonicalInstant,
  confidentialityErrors,
  kindErrors,
  optionalText,
  organisationErrors,
  originErrors,
  outcomeErrors,
  requiredText,
  slotErrors,
  taskErrors,
} from './activity.rules';

/**
 * The create, from a person through the gateway or from a workflow (which gives its own deterministic `id` and
 * says where it came from in `origin`). Optional fields may be missing or null.
 */
export interface PlanActivityData {
  id: string;
  title: string;
  kind: ActivityKind;
  mouId?: string | null;
  proposalId?: string | null;
  organisationIds: string[];
  leadTeam?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  location?: string | null;
  origin?: ActivityOrigin | null;
  /** Only the lead team, admins and auditors see it; missing is false. */
  confidential?: boolean;
}

export interface OutcomeInput {
  id: string;
  title: string;
  organisationId?: string | null;
  detail?: string | null;
}

export type PlanActivity = Stamp & { type: 'PlanActivity'; data: PlanActivityData };
/** `location` missing keeps the current one; null clears it. */
export type ScheduleActivity = Stamp & { type: 'ScheduleActivity'; data: { startsAt: string; endsAt: string; location?: string | null } };
export type CompleteActivity = Stamp & { type: 'CompleteActivity'; data: { attendance: number; outcomes?: OutcomeInput[] } };
export type CancelActivity = Stamp & { type: 'CancelActivity'; data: { reason: string } };
export type AddFollowUpTask = Stamp & { type: 'AddFollowUpTask'; data: { taskId: string; title: string; owner: string; dueOn: string } };
export type CompleteFollowUpTask = Stamp & { type: 'CompleteFollowUpTask'; data: { taskId: string } };
/** `by`: who asks, as far as the rule goes (admins and auditors see everything; staff only their teams' records). */
export type SetConfidentiality = Stamp & {
  type: 'SetConfidentiality';
  data: { confidential: boolean; by: ConfidentialityAuthor };
};

export type ActivityCommand = PlanActivity | ScheduleActivity | CompleteActivity | CancelActivity | AddFollowUpTask | CompleteFollowUpTask | SetConfidentiality;

export function decide(command: ActivityCommand, state: ActivityState): ActivityEvent[] {
  if (command.type === 'PlanActivity') return plan(command, state);
  const activity = existing(state);
  switch (command.type) {
    case 'ScheduleActivity':
      return schedule(command, activity);
    case 'CompleteActivity':
      return complete(command, activity);
    case 'CancelActivity':
      return cancel(command, activity);
    case 'AddFollowUpTask':
      return addTask(command, activity);
    case 'CompleteFollowUpTask':
      return completeTask(command, activity);
    case 'SetConfidentiality':
      return setConfidentiality(command, activity);
    default:
      return assertNever(command, 'activity command');
  }
}

export const activityDecider: Decider<ActivityCommand, ActivityEvent, ActivityState> = { decide, evolve, initialState };

function existing(state: ActivityState): Activity {
  if (state.status === 'none') throw notFound('ACTIVITY.NOT_FOUND', 'activity not found');
  return state;
}

/** A 409 whose message names the state and why, as the gateway shows it to people. */
const refuse = refusal('Activity');

/** Refuses unless the activity is in one of `allowed`; past it, the state has those statuses' shape. */
function requireStatus<K extends ActivityStatus>(
  a: Activity,
  allowed: readonly K[],
  code: string,
  why: (s: ActivityStatus) => string,
): asserts a is Extract<Activity, { status: K }> {
  if (!(allowed as readonly ActivityStatus[]).includes(a.status)) throw refuse(code, a, why(a.status));
}

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

function plan(c: PlanActivity, state: ActivityState): ActivityEvent[] {
  // A workflow's repeat with a new command id meets the activity it already planned: refused, never planned twice.
  if (state.status !== 'none') throw conflict('ACTIVITY.ALREADY_EXISTS', `activity ${c.data.id} already exists`, { status: state.status });
  const d = c.data;
  rejectIf('ACTIVITY.INVALID', [
    ...requiredText('title', d.title),
    ...kindErrors(d.kind),
    ...optionalText('mouId', d.mouId),
    ...optionalText('proposalId', d.proposalId),
    ...organisationErrors(d.organisationIds),
    ...optionalText('leadTeam', d.leadTeam),
    ...slotErrors(d.startsAt, d.endsAt, true),
    ...optionalText('location', d.location),
    ...originErrors(d.origin),
    ...confidentialityErrors(d.confidential, d.leadTeam),
  ]);
  const startsAt = orNull(d.startsAt);
  const endsAt = orNull(d.endsAt);
  return [
    {
      type: 'ActivityPlanned',
      data: {
        id: d.id,
        title: d.title,
        kind: d.kind,
        mouId: orNull(d.mouId),
        proposalId: orNull(d.proposalId),
        organisationIds: [...d.organisationIds],
        leadTeam: orNull(d.leadTeam),
        startsAt: startsAt === null ? null : canonicalInstant(startsAt),
        endsAt: endsAt === null ? null : canonicalInstant(endsAt),
        location: orNull(d.location),
        origin: d.origin ? { workflow: d.origin.workflow, sourceEventId: d.origin.sourceEventId } : null,
        confidential: d.confidential === true,
        at: c.now,
      },
    },
  ];
}

function schedule(c: ScheduleActivity, a: Activity): ActivityEvent[] {
  requireStatus(a, ['planned', 'scheduled'], 'ACTIVITY.NOT_SCHEDULABLE', (s) =>
    s === 'held' ? 'it has already been held; its time is history' : 'a cancelled activity is not rescheduled; plan a new one',
  );
  const d = c.data;
  rejectIf('ACTIVITY.INVALID_SCHEDULE', [...slotErrors(d.startsAt, d.endsAt, false), ...optionalText('location', d.location)]);
  const startsAt = canonicalInstant(d.startsAt);
  const endsAt = canonicalInstant(d.endsAt);
  const location = d.location === undefined ? a.location : d.location;
  if (a.status === 'scheduled' && startsAt === a.startsAt && endsAt === a.endsAt && location === a.location) {
    throw refuse('ACTIVITY.SCHEDULE_UNCHANGED', a, `it is already scheduled from ${a.startsAt} to ${a.endsAt} at that location`);
  }
  return [{ type: 'ActivityScheduled', data: { startsAt, endsAt, location, at: c.now } }];
}

/**
 * Held only once it has started: an activity whose start is still ahead cannot have had attendance or outcomes.
 * One that started earlier today, or years ago (entered after the fact), can be recorded as held.
 */
function complete(c: CompleteActivity, a: Activity): ActivityEvent[] {
  requireStatus(a, ['planned', 'scheduled'], 'ACTIVITY.NOT_COMPLETABLE', (s) =>
    s === 'held' ? 'it has already been recorded as held' : 'a cancelled activity was not held',
  );
  if (a.status === 'planned' || a.startsAt === null) {
    throw refuse('ACTIVITY.NOT_SCHEDULED', a, 'it has no time yet; schedule it (startsAt, endsAt) before recording it as held');
  }
  if (Date.parse(c.now) < Date.parse(a.startsAt)) {
    throw refuse('ACTIVITY.NOT_STARTED', a, `it starts at ${a.startsAt}, still ahead; record it as held once it has started`, { startsAt: a.startsAt });
  }
  const outcomes = c.data.outcomes ?? [];
  rejectIf('ACTIVITY.INVALID_COMPLETION', [...attendanceErrors(c.data.attendance), ...outcomeErrors(outcomes)]);
  return [
    {
      type: 'ActivityCompleted',
      data: {
        attendance: c.data.attendance,
        outcomes: outcomes.map((o): Outcome => ({ id: o.id, title: o.title, organisationId: orNull(o.organisationId), detail: orNull(o.detail) })),
        organisationIds: [...a.organisationIds],
        mouId: a.mouId,
        proposalId: a.proposalId,
        at: c.now,
      },
    },
  ];
}

function cancel(c: CancelActivity, a: Activity): ActivityEvent[] {
  requireStatus(a, ['planned', 'scheduled'], 'ACTIVITY.NOT_CANCELLABLE', (s) => (s === 'held' ? 'it has already been held' : 'it has already been cancelled'));
  rejectIf('ACTIVITY.INVALID_CANCELLATION', requiredText('reason', c.data.reason));
  return [{ type: 'ActivityCancelled', data: { reason: c.data.reason, at: c.now } }];
}

function addTask(c: AddFollowUpTask, a: Activity): ActivityEvent[] {
  requireStatus(a, ['planned', 'scheduled', 'held'], 'ACTIVITY.CANCELLED', () => 'a cancelled activity takes no follow-up tasks');
  const d = c.data;
  const errors = taskErrors(d);
  if (requiredText('taskId', d.taskId).length || a.tasks.some((t) => t.id === d.taskId)) {
    errors.push({ path: 'taskId', message: 'must be a new task id' });
  }
  rejectIf('ACTIVITY.INVALID_TASK', errors);
  return [{ type: 'FollowUpTaskAdded', data: { taskId: d.taskId, title: d.title, owner: d.owner, dueOn: d.dueOn, at: c.now } }];
}

function completeTask(c: CompleteFollowUpTask, a: Activity): ActivityEvent[] {
  requireStatus(a, ['planned', 'scheduled', 'held'], 'ACTIVITY.CANCELLED', () => 'the follow-up of a cancelled activity is closed');
  const task = a.tasks.find((t) => t.id === c.data.taskId);
  if (!task) throw notFound('ACTIVITY.TASK_NOT_FOUND', `activity ${a.id} has no follow-up task ${c.data.taskId}`);
  if (task.completedAt !== null) {
    throw conflict('ACTIVITY.TASK_ALREADY_DONE', `Follow-up task "${task.title}" is "done": it was completed at ${task.completedAt}`, {
      status: a.status,
      taskStatus: 'done',
      completedAt: task.completedAt,
    });
  }
  return [{ type: 'FollowUpTaskCompleted', data: { taskId: task.id, at: c.now } }];
}

/**
 * In every status: a held or cancelled activity's record is as sensitive as an upcoming one's. Staff may only make
 * confidential what their own team leads (else they would hide it from themselves); admins may make any.
 */
function setConfidentiality(c: SetConfidentiality, a: Activity): ActivityEvent[] {
  const { confidential, by } = c.data;
  if (a.confidential === confidential) return [];
  if (confidential && a.leadTeam === null) {
    throw conflict('ACTIVITY.NO_LEAD_TEAM', 'A confidential activity needs a lead team: this activity has none', { status: a.status });
  }
  if (confidential) assertMayMakeConfidential('ACTIVITY.NOT_LEAD_TEAM', 'activity', a.leadTeam as string, by);
  return [{ type: 'ActivityConfidentialityChanged', data: { confidential, at: c.now } }];
}
