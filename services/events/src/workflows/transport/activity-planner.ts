import { Logger } from '@nestjs/common';
import { isCodedError, newId, officeDate } from '@pmt/kernel';
import type { AggregateEndpoint } from '@pmt/service-kit';
import type { ActivityPlan } from '../activity-plans';
import { planCommandId } from '../workflow-ids';

/** The actor of activities the workflows plan; what caused each is in its origin and causationId. */
export const WORKFLOWS_ACTOR = 'system:workflows';

// The activity aggregate's types stay in its own folder; the workflows send the command as the seam fixes it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Activities = AggregateEndpoint<any, any, any>;

export type PlanOutcome = 'planned' | 'exists' | 'refused';

/**
 * Plans an activity once, however often asked: the command id is derived from the activity id (a repeat appends
 * nothing and answers as the first time), and the activity id from its cause (a repeat under another command id
 * meets ACTIVITY.ALREADY_EXISTS). A refusal of kind 'invalid' can never succeed: logged, not retried. Anything
 * else (the store busy) throws, for the caller to retry.
 */
export class ActivityPlanner {
  constructor(
    private readonly activities: Activities,
    private readonly log = new Logger('EventsWorkflows'),
  ) {}

  /** `cause.occurredAt`: the business time of a cause entered after the fact, which the planned activity then carries. */
  async plan(activity: ActivityPlan, cause: { correlationId?: string; causationId?: string; occurredAt?: string; reason: string }): Promise<PlanOutcome> {
    try {
      await this.activities.execute(
        activity.id,
        {
          commandId: planCommandId(activity.id),
          actor: WORKFLOWS_ACTOR,
          correlationId: cause.correlationId ?? newId(),
          ...(cause.causationId !== undefined && { causationId: cause.causationId }),
          ...(cause.occurredAt !== undefined && { occurredAt: cause.occurredAt }),
          reason: cause.reason,
          data: { ...activity },
        },
        (now) => ({ type: 'PlanActivity', now, today: officeDate(now), data: { ...activity } }),
      );
      return 'planned';
    } catch (e) {
      if (isCodedError(e) && e.kind === 'conflict' && e.code.endsWith('ALREADY_EXISTS')) return 'exists';
      if (isCodedError(e) && e.kind === 'invalid') {
        this.log.error(`${activity.origin.workflow}: activity ${activity.id} for MOU ${activity.mouId} refused: ${e.message}`);
        return 'refused';
      }
      throw e;
    }
  }
}
