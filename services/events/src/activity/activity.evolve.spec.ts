import { describe, it, expect } from '@jest/globals';
import { DeciderSpec } from '@pmt/testing';
import { activityVisibility, type ActivityEvent } from './activity';
import { activityDecider } from './activity.decide';
import {
  ACTIVITY_ID,
  cancelledHistory,
  confidentialityChanged,
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
      confidential: false,
      leadTeam: 'NMCO',
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
      confidential: false,
      leadTeam: 'NMCO',
      tasks: [
        { id: 't1', title: expect.any(String), completedAt: '2013-11-10T03:00:00.000Z' },
        { id: 't2', title: expect.any(String), completedAt: null },
      ],
    });
  });

  it('once cancelled: nothing more than who may see it', () => {
    expect(stateOf(cancelledHistory)).toEqual({ status: 'cancelled', id: ACTIVITY_ID, confidential: false, leadTeam: 'NMCO' });
  });

  it('keeps whether it is confidential through every status, and reads an old plan without the field as open', () => {
    for (const history of [plannedHistory, scheduledHistory, heldHistory, cancelledHistory]) {
      expect(activityVisibility(stateOf([...history, confidentialityChanged(true)]))).toEqual({ confidential: true, leadTeam: 'NMCO' });
    }
    const { confidential: _dropped, ...old } = planned.data;
    expect(activityVisibility(stateOf([{ type: 'ActivityPlanned', data: old }]))).toEqual({ confidential: false, leadTeam: 'NMCO' });
    expect(activityVisibility(activityDecider.initialState())).toEqual({ confidential: false, leadTeam: null });
  });

  it('ignores events before it exists and tasks of a cancelled one', () => {
    expect(stateOf([taskAdded()])).toEqual({ status: 'none' });
    const cancelled = stateOf(cancelledHistory);
    expect(activityDecider.evolve(cancelled, taskAdded())).toBe(cancelled);
  });
});
