import { mouEventOf } from '@pmt/contracts-mous';
import { derivedOccurredAt, idInCategory, officeDate, sourceEventOf, type Clock, type StoredEvent } from '@pmt/kernel';
import type { EventStore } from '@pmt/event-store';
import { inboxStreamId } from '@pmt/service-kit';
import { kickoffPlan } from '../activity-plans';
import { foldMouFacts } from '../mou-facts';
import { EVENTS_WORKFLOW_CATEGORY } from '../workflows.projection';
import type { ActivityPlanner, PlanOutcome } from './activity-planner';

/**
 * MouActivated (whether at the last signature or later by the mous scheduler) → the MOU's kickoff is planned.
 * Runs after the consumer has mirrored the event, so the mirror holds the MOU up to it (and maybe beyond):
 * its facts are folded from there, not from the projection, which may lag.
 */
export class KickoffReaction {
  constructor(
    private readonly store: EventStore,
    private readonly planner: ActivityPlanner,
    private readonly clock: Clock,
  ) {}

  async react(event: StoredEvent): Promise<PlanOutcome | 'skipped'> {
    const activated = mouEventOf(event);
    if (activated?.type !== 'MouActivated') return 'skipped';
    const mouId = idInCategory(event.streamId, 'mou');
    if (mouId === null) return 'skipped';
    const mirror = await this.store.readStream(inboxStreamId(event.streamId, EVENTS_WORKFLOW_CATEGORY));
    const facts = foldMouFacts(mouId, mirror.map(sourceEventOf));
    const at: unknown = activated.data.at;
    const recordedOn = officeDate(typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? at : event.occurredAt);
    const plan = facts && kickoffPlan(facts, officeDate(this.clock.now()), { id: event.id, recordedOn });
    if (!plan) return 'skipped';
    // an activation entered after the fact plans its kickoff as of the activation
    const occurredAt = derivedOccurredAt(event);
    return this.planner.plan(plan, {
      correlationId: event.correlationId,
      causationId: event.id,
      ...(occurredAt !== undefined && { occurredAt }),
      reason: 'MOU activated',
    });
  }
}
