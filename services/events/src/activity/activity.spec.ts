import { describe, it, expect } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import type { ActivityEvent } from './activity';
import { activityDecider, type ActivityCommand, type OutcomeInput, type PlanActivityData } from './activity.decide';
import {
  ACTIVITY_ID,
  CHIANG_MAI,
  ENDS_AT,
  HELD_AT,
  heldHistory,
  histories,
  LAMPANG,
  on,
  outcomes,
  planData,
  planned,
  plannedHistory,
  PLANNED_AT,
  completed,
  scheduled,
  scheduledHistory,
  STARTS_AT,
  statesOtherThan,
  taskAdded,
  taskCompleted,
  cancelledHistory,
} from './activity.fixtures';

const spec = DeciderSpec(activityDecider);
const plan = (data: PlanActivityData = planData, now = PLANNED_AT): ActivityCommand => ({ type: 'PlanActivity', data, ...on(now) });
const schedule = (data: { startsAt: string; endsAt: string; location?: string | null }, now = '2013-10-01T03:00:00.000Z'): ActivityCommand => ({
  type: 'ScheduleActivity',
  data,
  ...on(now),
});
const complete = (attendance: number = 130, list: OutcomeInput[] = outcomes, now = HELD_AT): ActivityCommand => ({
  type: 'CompleteActivity',
  data: { attendance, outcomes: list },
  ...on(now),
});
const cancel = (reason = 'flooding in Chiang Mai', now = '2013-10-01T03:00:00.000Z'): ActivityCommand => ({
  type: 'CancelActivity',
  data: { reason },
  ...on(now),
});
const addTask = (data: Partial<{ taskId: string; title: string; owner: string; dueOn: string }> = {}, now = HELD_AT): ActivityCommand => ({
  type: 'AddFollowUpTask',
  data: { taskId: 't1', title: 'ส่งสรุปความต้องการให้ IASA', owner: 'NMCO office', dueOn: '2013-11-15', ...data },
  ...on(now),
});
const completeTask = (taskId = 't1', now = '2013-11-10T03:00:00.000Z'): ActivityCommand => ({ type: 'CompleteFollowUpTask', data: { taskId }, ...on(now) });

const refusal = (run: () => unknown): unknown => {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
};
const pathsOf = (run: () => unknown) => ((refusal(run) as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path);

describe('PlanActivity', () => {
  describe('when none', () => {
    it('plans an activity without a time: optional fields null, no origin', () => {
      spec.given([]).when(plan()).then([planned]);
      expect(spec.given([planned]).state().status).toBe('planned');
    });

    it('is scheduled at once when created with its time, stored as UTC instants', () => {
      const events = spec
        .given([])
        .when(plan({ ...planData, startsAt: '2013-11-01T09:00:00+07:00', endsAt: '2013-11-01T16:00:00+07:00', location: 'เชียงใหม่' }))
        .events();
      expect(events[0].data).toMatchObject({ startsAt: STARTS_AT, endsAt: ENDS_AT, location: 'เชียงใหม่' });
      expect(spec.given(events).state().status).toBe('scheduled');
    });

    it('keeps the origin a workflow gives, with the workflow’s own id', () => {
      const origin = { workflow: 'mou-kickoff', sourceEventId: 'event-1' };
      const events = spec
        .given([])
        .when(plan({ ...planData, id: 'kickoff-id', kind: 'kickoff', origin }))
        .events();
      expect(events[0].data).toMatchObject({ id: 'kickoff-id', kind: 'kickoff', origin });
    });

    it('refuses no organisations, and an organisation listed twice, naming the path', () => {
      expect(
        pathsOf(() =>
          spec
            .given([])
            .when(plan({ ...planData, organisationIds: [] }))
            .events(),
        ),
      ).toEqual(['organisationIds']);
      expect(
        refusal(() =>
          spec
            .given([])
            .when(plan({ ...planData, organisationIds: [CHIANG_MAI, LAMPANG, CHIANG_MAI] }))
            .events(),
        ),
      ).toMatchObject({
        code: 'ACTIVITY.INVALID',
        kind: 'invalid',
        errors: [{ path: 'organisationIds[2]', message: 'is already listed (organisationIds[0])' }],
      });
    });

    it('refuses an end before or at the start, and one end of the slot without the other', () => {
      spec
        .given([])
        .when(plan({ ...planData, startsAt: ENDS_AT, endsAt: STARTS_AT }))
        .thenThrows('ACTIVITY.INVALID', 'endsAt must be after startsAt');
      spec
        .given([])
        .when(plan({ ...planData, startsAt: STARTS_AT, endsAt: STARTS_AT }))
        .thenThrows('ACTIVITY.INVALID', 'endsAt must be after startsAt');
      spec
        .given([])
        .when(plan({ ...planData, startsAt: STARTS_AT }))
        .thenThrows('ACTIVITY.INVALID', 'endsAt is required with startsAt');
    });

    it('refuses a time without an offset: it would be a different moment on every machine', () => {
      expect(
        pathsOf(() =>
          spec
            .given([])
            .when(plan({ ...planData, startsAt: '2013-11-01T09:00:00', endsAt: '2013-11-01' }))
            .events(),
        ),
      ).toEqual(['startsAt', 'endsAt']);
    });

    it('names every bad field at once', () => {
      const data = {
        ...planData,
        title: ' ',
        kind: 'party',
        leadTeam: '',
        location: ' ',
        origin: { workflow: '', sourceEventId: 'e' },
      } as unknown as PlanActivityData;
      expect(pathsOf(() => spec.given([]).when(plan(data)).events())).toEqual(['title', 'kind', 'leadTeam', 'location', 'origin.workflow']);
    });
  });

  describe('confidential', () => {
    it('records whether it is confidential, false unless asked', () => {
      expect(
        spec
          .given([])
          .when(plan({ ...planData, confidential: true }))
          .events()[0].data,
      ).toMatchObject({ confidential: true, leadTeam: 'NMCO' });
      expect(spec.given([]).when(plan()).events()[0].data).toMatchObject({ confidential: false });
    });

    it('refuses a confidential activity without a lead team, naming leadTeam', () => {
      for (const leadTeam of [undefined, null]) {
        expect(
          refusal(() =>
            spec
              .given([])
              .when(plan({ ...planData, leadTeam, confidential: true }))
              .events(),
          ),
        ).toMatchObject({
          code: 'ACTIVITY.INVALID',
          kind: 'invalid',
          errors: [{ path: 'leadTeam', message: 'a confidential activity needs a lead team' }],
        });
      }
    });
  });

  describe('when it exists', () => {
    it('refuses to plan it again: a workflow’s repeat never makes a second activity', () => {
      spec.given(plannedHistory).when(plan()).thenThrows('ACTIVITY.ALREADY_EXISTS', ACTIVITY_ID);
    });
  });
});

describe('ScheduleActivity', () => {
  describe('when planned', () => {
    it('schedules it, with the location', () => {
      spec
        .given(plannedHistory)
        .when(schedule({ startsAt: STARTS_AT, endsAt: ENDS_AT, location: 'อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่' }))
        .then([scheduled()]);
    });

    it('refuses a slot that ends before it starts', () => {
      spec
        .given(plannedHistory)
        .when(schedule({ startsAt: ENDS_AT, endsAt: STARTS_AT }))
        .thenThrows('ACTIVITY.INVALID_SCHEDULE', 'endsAt must be after startsAt');
    });

    it('refuses a missing end', () => {
      expect(
        pathsOf(() =>
          spec
            .given(plannedHistory)
            .when(schedule({ startsAt: STARTS_AT } as never))
            .events(),
        ),
      ).toEqual(['endsAt']);
    });
  });

  describe('when scheduled', () => {
    it('reschedules, keeping the location when none is sent', () => {
      const later = { startsAt: '2013-11-02T02:00:00.000Z', endsAt: '2013-11-02T09:00:00.000Z' };
      spec
        .given(scheduledHistory)
        .when(schedule(later))
        .then([scheduled('อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่', later.startsAt, later.endsAt)]);
    });

    it('clears the location with null', () => {
      expect(
        spec
          .given(scheduledHistory)
          .when(schedule({ startsAt: STARTS_AT, endsAt: ENDS_AT, location: null }))
          .events()[0].data,
      ).toMatchObject({ location: null });
    });

    it('refuses a schedule that changes nothing, naming the state', () => {
      spec
        .given(scheduledHistory)
        .when(schedule({ startsAt: '2013-11-01T09:00:00+07:00', endsAt: ENDS_AT }))
        .thenThrows('ACTIVITY.SCHEDULE_UNCHANGED', 'Activity is "scheduled"');
    });
  });

  describe.each(statesOtherThan('planned', 'scheduled'))('when %s', (status, history) => {
    it('refuses, naming the state', () => {
      spec
        .given(history)
        .when(schedule({ startsAt: STARTS_AT, endsAt: ENDS_AT }))
        .thenThrows('ACTIVITY.NOT_SCHEDULABLE', `Activity is "${status}"`);
    });
  });

  it('answers not found when none', () => {
    spec
      .given([])
      .when(schedule({ startsAt: STARTS_AT, endsAt: ENDS_AT }))
      .thenThrows('ACTIVITY.NOT_FOUND');
  });
});

describe('CompleteActivity', () => {
  describe('when scheduled', () => {
    it('records it as held with attendance and outcomes, carrying the organisations and the MOU for the partnership view', () => {
      spec.given(scheduledHistory).when(complete()).then([completed]);
    });

    it('may be recorded once it has started, before it ends', () => {
      expect(
        spec
          .given(scheduledHistory)
          .when(complete(130, [], STARTS_AT))
          .events()[0].data,
      ).toMatchObject({ attendance: 130, outcomes: [] });
    });

    it('refuses while its start is still ahead, naming startsAt', () => {
      const caught = refusal(() =>
        spec
          .given(scheduledHistory)
          .when(complete(130, [], '2013-11-01T01:59:59.000Z'))
          .events(),
      );
      expect(caught).toMatchObject({ code: 'ACTIVITY.NOT_STARTED', kind: 'conflict', details: { status: 'scheduled', startsAt: STARTS_AT } });
      expect((caught as Error).message).toBe(`Activity is "scheduled": it starts at ${STARTS_AT}, still ahead; record it as held once it has started`);
    });

    it('refuses a negative or fractional attendance and blank outcome titles, naming each', () => {
      expect(pathsOf(() => spec.given(scheduledHistory).when(complete(-1)).events())).toEqual(['attendance']);
      expect(
        pathsOf(() =>
          spec
            .given(scheduledHistory)
            .when(
              complete(12.5, [
                { id: 'a', title: ' ' },
                { id: 'a', title: 'x', detail: '' },
              ]),
            )
            .events(),
        ),
      ).toEqual(['attendance', 'outcomes[0].title', 'outcomes[1].detail', 'outcomes[1].id']);
    });

    it('takes zero attendance: an online session nobody joined is still held', () => {
      expect(spec.given(scheduledHistory).when(complete(0, [])).events()[0].data).toMatchObject({ attendance: 0 });
    });
  });

  describe('when planned', () => {
    it('refuses: it has no time yet', () => {
      spec.given(plannedHistory).when(complete()).thenThrows('ACTIVITY.NOT_SCHEDULED', 'Activity is "planned": it has no time yet');
    });
  });

  describe('when held', () => {
    it('refuses a second record', () => {
      spec.given(heldHistory).when(complete()).thenThrows('ACTIVITY.NOT_COMPLETABLE', 'Activity is "held": it has already been recorded as held');
    });
  });

  describe('when cancelled', () => {
    it('refuses', () => {
      spec.given(cancelledHistory).when(complete()).thenThrows('ACTIVITY.NOT_COMPLETABLE', 'Activity is "cancelled"');
    });
  });

  it('answers not found when none', () => {
    spec.given([]).when(complete()).thenThrows('ACTIVITY.NOT_FOUND');
  });
});

describe('CancelActivity', () => {
  describe.each([
    ['planned', plannedHistory],
    ['scheduled', scheduledHistory],
  ])('when %s', (_status, history) => {
    it('cancels it with the reason', () => {
      spec
        .given(history)
        .when(cancel())
        .then([{ type: 'ActivityCancelled', data: { reason: 'flooding in Chiang Mai', at: '2013-10-01T03:00:00.000Z' } }]);
    });

    it('refuses a blank reason', () => {
      spec.given(history).when(cancel('  ')).thenThrows('ACTIVITY.INVALID_CANCELLATION', 'reason is required');
    });
  });

  describe.each(statesOtherThan('planned', 'scheduled'))('when %s', (status, history) => {
    it('refuses, naming the state', () => {
      spec.given(history).when(cancel()).thenThrows('ACTIVITY.NOT_CANCELLABLE', `Activity is "${status}"`);
    });
  });

  it('answers not found when none', () => {
    spec.given([]).when(cancel()).thenThrows('ACTIVITY.NOT_FOUND');
  });
});

describe('AddFollowUpTask', () => {
  describe.each(statesOtherThan('cancelled'))('when %s', (_status, history) => {
    it('adds the task', () => {
      spec.given(history).when(addTask()).then([taskAdded()]);
    });
  });

  it('refuses blank title and owner and a date that is not on the calendar', () => {
    expect(
      pathsOf(() =>
        spec
          .given(heldHistory)
          .when(addTask({ title: '', owner: ' ', dueOn: '2013-11-31' }))
          .events(),
      ),
    ).toEqual(['title', 'owner', 'dueOn']);
  });

  it('refuses a task id already used', () => {
    spec
      .given([...heldHistory, taskAdded()])
      .when(addTask())
      .thenThrows('ACTIVITY.INVALID_TASK', 'taskId must be a new task id');
  });

  it('refuses on a cancelled activity, naming the state', () => {
    spec.given(cancelledHistory).when(addTask()).thenThrows('ACTIVITY.CANCELLED', 'Activity is "cancelled": a cancelled activity takes no follow-up tasks');
  });

  it('answers not found when none', () => {
    spec.given([]).when(addTask()).thenThrows('ACTIVITY.NOT_FOUND');
  });
});

describe('CompleteFollowUpTask', () => {
  it('completes an open task', () => {
    spec
      .given([...heldHistory, taskAdded()])
      .when(completeTask())
      .then([taskCompleted()]);
  });

  it('refuses a task done already, saying when', () => {
    spec
      .given([...heldHistory, taskAdded(), taskCompleted()])
      .when(completeTask())
      .thenThrows('ACTIVITY.TASK_ALREADY_DONE', 'completed at 2013-11-10T03:00:00.000Z');
  });

  it('answers not found for a task the activity does not have', () => {
    spec.given(heldHistory).when(completeTask('nope')).thenThrows('ACTIVITY.TASK_NOT_FOUND', 'nope');
  });

  it('refuses on a cancelled activity', () => {
    spec
      .given([planned, taskAdded('t1', PLANNED_AT), { type: 'ActivityCancelled', data: { reason: 'x', at: PLANNED_AT } }])
      .when(completeTask())
      .thenThrows('ACTIVITY.CANCELLED', 'Activity is "cancelled"');
  });

  it('answers not found when none', () => {
    spec.given([]).when(completeTask()).thenThrows('ACTIVITY.NOT_FOUND');
  });

  it('has a history for every state', () => {
    for (const [status, history] of Object.entries(histories)) expect(spec.given(history).state().status).toBe(status);
  });
});

describe('SetConfidentiality', () => {
  const staffOf = (...teams: string[]) => ({ seesEverything: false, teams });
  const admin = { seesEverything: true, teams: [] };
  const setConfidentiality = (confidential: boolean, by: { seesEverything: boolean; teams: string[] } = staffOf('NMCO')): ActivityCommand => ({
    type: 'SetConfidentiality',
    data: { confidential, by },
    ...on('2013-12-01T03:00:00.000Z'),
  });
  const changed = (confidential: boolean): ActivityEvent => ({
    type: 'ActivityConfidentialityChanged',
    data: { confidential, at: '2013-12-01T03:00:00.000Z' },
  });

  describe.each(Object.entries(histories))('when %s', (_status, history) => {
    it('is made confidential by its lead team’s staff, and opened again', () => {
      spec
        .given(history)
        .when(setConfidentiality(true))
        .then([changed(true)]);
      spec
        .given([...history, changed(true)])
        .when(setConfidentiality(false))
        .then([changed(false)]);
    });
  });

  it('changes nothing when it already is as asked', () => {
    spec.given(plannedHistory).when(setConfidentiality(false)).then([]);
    spec
      .given([...plannedHistory, changed(true)])
      .when(setConfidentiality(true))
      .then([]);
  });

  it('refuses staff of another team making it confidential (they would hide it from themselves); an admin may', () => {
    spec
      .given(plannedHistory)
      .when(setConfidentiality(true, staffOf('IASA', 'nmco')))
      .thenThrows('ACTIVITY.NOT_LEAD_TEAM', 'NMCO');
    expect(refusal(() => spec.given(plannedHistory).when(setConfidentiality(true, staffOf())).events())).toMatchObject({ kind: 'forbidden' });
    spec
      .given(plannedHistory)
      .when(setConfidentiality(true, admin))
      .then([changed(true)]);
  });

  it('refuses to make an activity without a lead team confidential (409), whoever asks', () => {
    const noTeam = { ...planned, data: { ...planned.data, leadTeam: null } };
    for (const by of [admin, staffOf('NMCO')]) {
      expect(refusal(() => spec.given([noTeam]).when(setConfidentiality(true, by)).events())).toMatchObject({
        code: 'ACTIVITY.NO_LEAD_TEAM',
        kind: 'conflict',
      });
    }
    spec.given([noTeam]).when(setConfidentiality(false)).then([]);
  });

  it('answers not found when none', () => {
    spec.given([]).when(setConfidentiality(true)).thenThrows('ACTIVITY.NOT_FOUND');
  });
});
