import { Logger } from '@nestjs/common';
import { officeDate, type Clock } from '@pmt/kernel';
import type { Doc, Page, ReadModelStore } from '@pmt/read-model';
import { renewalCandidates, renewalReviewDueFor, renewalReviewPlan } from '../activity-plans';
import type { MouFacts } from '../mou-facts';
import { renewalReviewActivityId } from '../workflow-ids';
import { WorkflowCollections } from '../workflows.projection';
import type { ActivityPlanner } from './activity-planner';

/**
 * Plans the renewal review of each MOU whose term end is within the largest lead time. Keeps no state: each pass
 * reads the MOU facts and the reviews already planned from the read model, so after downtime the first pass
 * catches up, and a review planned before (or by another instance) is not planned again.
 */
export class RenewalReviewScheduler {
  private readonly log = new Logger('RenewalReviewScheduler');

  constructor(
    private readonly readModel: ReadModelStore,
    private readonly planner: ActivityPlanner,
    private readonly clock: Clock,
    private readonly leadDays: () => readonly number[],
  ) {}

  /** One pass; resolves to the number of reviews planned. */
  async pass(): Promise<number> {
    const today = officeDate(this.clock.now());
    const leadDays = this.leadDays();
    const filter = renewalCandidates(today, leadDays);
    if (!filter) return 0;
    let planned = 0;
    let cursor: string | null = null;
    do {
      const page: Page<Doc> = await this.readModel.find(WorkflowCollections.mous, filter, { limit: 200, cursor });
      for (const mou of page.items as unknown as MouFacts[]) {
        const endsOn = renewalReviewDueFor(mou, today, leadDays);
        if (endsOn === null || (await this.readModel.get(WorkflowCollections.planned, renewalReviewActivityId(mou.id, endsOn)))) continue;
        try {
          const outcome = await this.planner.plan(renewalReviewPlan(mou, endsOn), { reason: `MOU term ends on ${endsOn}` });
          if (outcome === 'planned') planned++;
        } catch (e) {
          // Left to the next pass; the other MOUs go on.
          this.log.warn(`renewal review of MOU ${mou.id} not planned yet: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
    return planned;
  }
}
