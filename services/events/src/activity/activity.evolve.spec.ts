import { describe, it, expect } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import type { ActivityEvent } from './activity';
import { activityDecider } from './activity.decide';
import {
  ACTIVITY_ID,
  cancelledHistory,
  ENDS_AT,
  heldHistory,
  planned,
  plannedHistory,
  scheduledHistory,
  STARTS_AT,
  taskAdded,
  taskCompleted,
} from './activity.fixtures';

const stateOf = (events: ActivityEvent[]) => DeciderSpec(activityDecider).given(events).state();

/** The decider's own state, one shape per status (the resource is activity.resource.ts). */
describe('the activity decision state', () => {
  it('starts as none', () => {
    expect(activityDecider.initialState()).toEqual({ status: 'none' });
  });

  it('while planned: what it belongs to and where, no time', () => {
    expect(stateOf(plannedHistory)).toEqual({
      status: 'planned',
      id: ACTIVITY_ID,
      tasks: [],
      mouId: planned.data.mouId,
      proposalId: planned.data.proposalId,
      organisationIds: planned.data.organisationIds,
      location: planned.data.location,
    });
  });

  it('once scheduled: its time too', () => {
    expect(stateOf(scheduledHistory)).toMatchObject({ status: 'scheduled', startsAt: STARTS_AT, endsAt: ENDS_AT });
  });

  it('once held: only its follow-up tasks, each with whether it is done', () => {
    expect(stateOf([...heldHistory, taskAdded('t1'), taskAdded('t2'), taskCompleted('t1')])).toEqual({
      status: 'held',
      id: ACTIVITY_ID,
      tasks: [
        { id: 't1', title: expect.any(String), completedAt: '2013-11-10T03:00:00.000Z' },
        { id: 't2', title: expect.any(String), completedAt: null },
      ],
    });
  });

  it('once cancelled: nothing more', () => {
    expect(stateOf(cancelledHistory)).toEqual({ status: 'cancelled' });
  });

  it('ignores events before it exists and tasks of a cancelled one', () => {
    expect(stateOf([taskAdded()])).toEqual({ status: 'none' });
    const cancelled = stateOf(cancelledHistory);
    expect(activityDecider.evolve(cancelled, taskAdded())).toBe(cancelled);
  });
});
