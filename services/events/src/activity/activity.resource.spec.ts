import { describe, it, expect } from '@jest/globals';
import { ResourceSpec } from '@pmt/testing';
import type { ActivityEvent } from './activity';
import { activityResource, type ActivityResource } from './activity.resource';
import {
  ACTIVITY_ID,
  cancelledHistory,
  CHIANG_MAI,
  CHIANG_RAI,
  completed,
  confidentialityChanged,
  ENDS_AT,
  HELD_AT,
  heldHistory,
  LAMPANG,
  MOU_ID,
  planData,
  planned,
  PLANNED_AT,
  SCHEDULED_AT,
  scheduledHistory,
  STARTS_AT,
  taskAdded,
  taskCompleted,
} from './activity.fixtures';

const activityOf = (events: ActivityEvent[]): ActivityResource => {
  const s = ResourceSpec(activityResource).given(events).resource();
  if (s.status === 'none') throw new Error('expected an activity');
  return s;
};

describe('the activity resource', () => {
  it('starts as none', () => {
    expect(activityResource.initialState()).toEqual({ status: 'none' });
  });

  it('after ActivityPlanned: the whole resource, every key present, plain JSON', () => {
    const state = activityOf([planned]);
    expect(state).toEqual({
      id: ACTIVITY_ID,
      status: 'planned',
      title: planData.title,
      kind: 'workshop',
      mouId: MOU_ID,
      proposalId: null,
      organisationIds: [CHIANG_MAI, LAMPANG, CHIANG_RAI],
      leadTeam: 'NMCO',
      confidential: false,
      startsAt: null,
      endsAt: null,
      location: null,
      origin: null,
      attendance: null,
      outcomes: [],
      completedAt: null,
      cancellation: null,
      followUpTasks: [],
      createdAt: PLANNED_AT,
      updatedAt: PLANNED_AT,
    });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('after ActivityPlanned with a time: scheduled', () => {
    const withTime: ActivityEvent = { ...planned, data: { ...planned.data, startsAt: STARTS_AT, endsAt: ENDS_AT } };
    expect(activityOf([withTime])).toMatchObject({ status: 'scheduled', startsAt: STARTS_AT, endsAt: ENDS_AT });
  });

  it('after ActivityScheduled: the time and location', () => {
    expect(activityOf(scheduledHistory)).toMatchObject({
      status: 'scheduled',
      startsAt: STARTS_AT,
      endsAt: ENDS_AT,
      location: 'อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่',
      updatedAt: SCHEDULED_AT,
    });
  });

  it('after ActivityCompleted: held, with attendance, outcomes and when it was recorded', () => {
    const held = activityOf(heldHistory);
    expect(held).toMatchObject({ status: 'held', attendance: 130, completedAt: HELD_AT });
    expect(held.outcomes).toEqual((completed.data as { outcomes: unknown[] }).outcomes);
  });

  it('after ActivityCancelled: cancelled with the reason', () => {
    expect(activityOf(cancelledHistory)).toMatchObject({ status: 'cancelled', cancellation: { reason: 'flooding in Chiang Mai', at: SCHEDULED_AT } });
  });

  it('after follow-up tasks: open, then done with when', () => {
    expect(activityOf([...heldHistory, taskAdded()]).followUpTasks).toEqual([
      { id: 't1', title: 'ส่งสรุปความต้องการให้ IASA', owner: 'NMCO office', dueOn: '2013-11-15', status: 'open', addedAt: HELD_AT, completedAt: null },
    ]);
    const done = activityOf([...heldHistory, taskAdded(), taskAdded('t2'), taskCompleted()]);
    expect(done.followUpTasks.map((t) => [t.id, t.status, t.completedAt])).toEqual([
      ['t1', 'done', '2013-11-10T03:00:00.000Z'],
      ['t2', 'open', null],
    ]);
    expect(done.status).toBe('held');
  });

  it('after ActivityConfidentialityChanged: confidential or open again, in any status, with when it changed', () => {
    const hidden = activityOf([...heldHistory, confidentialityChanged(true, '2013-12-01T03:00:00.000Z')]);
    expect(hidden).toMatchObject({ status: 'held', confidential: true, leadTeam: 'NMCO', updatedAt: '2013-12-01T03:00:00.000Z' });
    expect(activityOf([...cancelledHistory, confidentialityChanged(true), confidentialityChanged(false)])).toMatchObject({ confidential: false });
    const { confidential: _dropped, ...old } = planned.data;
    expect(activityOf([{ type: 'ActivityPlanned', data: old }]).confidential).toBe(false);
  });

  it('ignores events before the activity exists', () => {
    expect(activityResource.evolve({ status: 'none' }, taskAdded())).toEqual({ status: 'none' });
  });
});
