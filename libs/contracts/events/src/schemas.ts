import { addDays, officeDayStart } from '@pmt/kernel';
import { z } from 'zod';
import { calendarDate, confidential, instant, pagination, reason, says, text, uuid } from '@pmt/contracts-common';

export const ACTIVITY_KINDS = ['workshop', 'training', 'networking', 'signing-ceremony', 'kickoff', 'review', 'competition', 'other'] as const;
export const ACTIVITY_STATUSES = ['planned', 'scheduled', 'held', 'cancelled'] as const;

const location = text(500).nullable().optional().describe('Where it takes place');

export const createActivity = z.strictObject({
  title: text(500),
  kind: z.enum(ACTIVITY_KINDS, { error: says(`must be one of ${ACTIVITY_KINDS.join(', ')}`) }),
  mouId: uuid().nullable().optional().describe('The MOU the activity serves'),
  proposalId: uuid().nullable().optional().describe('The proposal the activity delivers'),
  organisationIds: z
    .array(uuid())
    .min(1, 'name at least one organisation')
    .max(100, 'must name at most 100 organisations')
    .describe('The organisations taking part (registered), each once'),
  startsAt: instant().nullable().optional().describe('With endsAt, the activity is created scheduled; without both, planned'),
  endsAt: instant().nullable().optional().describe('After startsAt'),
  location,
  leadTeam: text(200).nullable().optional().describe('The team that runs it, like IASA, NMCO or IMO'),
  confidential,
  reason,
});

export const schedule = z.strictObject({
  startsAt: instant(),
  endsAt: instant().describe('After startsAt'),
  location: location.describe('Where it takes place; left out keeps the current location, null clears it'),
  reason,
});

const outcome = z.strictObject({
  title: text(500).describe('What came out of it, like a stated need'),
  organisationId: uuid().nullable().optional().describe('The organisation it concerns (registered)'),
  detail: text(5000).nullable().optional(),
});

export const completion = z.strictObject({
  attendance: z
    .int({ error: says('must be a whole number of people') })
    .min(0, 'must be zero or more')
    .max(10_000_000, 'must be at most 10000000')
    .describe('How many people took part'),
  outcomes: z.array(outcome).max(500, 'must list at most 500 outcomes').default([]),
  reason,
});

/** Cancellation must say why; like withdrawal of a proposal, the reason is both the command's and the events' metadata. */
export const cancellation = z.strictObject({ reason: text(2000) });

export const followUpTask = z.strictObject({
  title: text(500),
  owner: text(200).describe('Who does it: a person, an office or a team'),
  dueOn: calendarDate(),
  reason,
});

export const taskCompletion = z.strictObject({ reason });

const dateOrInstant = (what: string) =>
  z
    .union([calendarDate(), instant()], { error: says('must be a date like 2025-01-07 or an instant like 2025-01-07T07:00:00Z') })
    .optional()
    .describe(what);

/** The first instant `from` allows and the first instant after what `to` allows: a date is a whole office (Bangkok) day. */
const lowerBound = (from: string) => (from.length === 10 ? officeDayStart(from) : new Date(from).toISOString());
const upperBound = (to: string) => (to.length === 10 ? officeDayStart(addDays(to, 1)) : new Date(Date.parse(to) + 1).toISOString());

export const listActivities = z
  .strictObject({
    status: z.enum(ACTIVITY_STATUSES, { error: says(`must be one of ${ACTIVITY_STATUSES.join(', ')}`) }).optional(),
    mouId: uuid().optional(),
    organisationId: uuid().optional().describe('Activities this organisation takes part in'),
    from: dateOrInstant('Activities starting at or after this instant, or on or after this office (Bangkok) date'),
    to: dateOrInstant('Activities starting at or before this instant, or on or before this office (Bangkok) date'),
    leadTeam: z.string().min(1).max(200).optional(),
    kind: z.enum(ACTIVITY_KINDS, { error: says(`must be one of ${ACTIVITY_KINDS.join(', ')}`) }).optional(),
    ...pagination,
  })
  // runs even when another filter is bad (`when`), so one 400 names every bad field; then the bounds may be anything
  .superRefine(
    (q, ctx) => {
      const bound = dateOrInstant('');
      if (!bound.safeParse(q.from).success || !bound.safeParse(q.to).success || q.from === undefined || q.to === undefined) return;
      if (lowerBound(q.from) >= upperBound(q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    },
    { when: () => true },
  );

/** The complete-task message: the task's id (from the path) travels in the data beside the body. */
export const taskCompletionMessage = taskCompletion.extend({ taskId: z.string().min(1).max(200) });
