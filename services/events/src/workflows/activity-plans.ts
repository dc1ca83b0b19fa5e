import { addDays } from '@pmt/kernel';
import type { MouFacts } from './mou-facts';
import { kickoffActivityId, renewalReviewActivityId } from './workflow-ids';

/** The names in `origin.workflow` of the activities these workflows plan. */
export const KICKOFF_WORKFLOW = 'mou-kickoff';
export const RENEWAL_REVIEW_WORKFLOW = 'renewal-review';
export const EVENTS_WORKFLOWS: readonly string[] = [KICKOFF_WORKFLOW, RENEWAL_REVIEW_WORKFLOW];

/** Renewal stays possible this long after a term's end (the mous service's rule), so a review still helps. */
export const RENEWAL_GRACE_DAYS = 90;

/**
 * An activation recorded this long before the reaction runs is old history (met on a first start, or after very
 * long downtime): a kickoff planned now would be no kickoff. The notifications service keeps the same limit.
 */
export const LATE_LIMIT_DAYS = 30;

/** The data of a PlanActivity command (services/events/src/activity), as a workflow fills it. */
export interface ActivityPlan {
  id: string;
  title: string;
  kind: 'kickoff' | 'review';
  mouId: string;
  proposalId: null;
  organisationIds: string[];
  leadTeam: string | null;
  /** The MOU's: an activity planned from a confidential MOU is as hidden as the MOU itself. */
  confidential: boolean;
  startsAt: null;
  endsAt: null;
  location: null;
  origin: { workflow: string; sourceEventId: string };
}

/**
 * The kickoff of an MOU that has become active: planned without a date (people schedule it), for its parties.
 * None for an MOU no longer in force by the time the reaction runs (terminated, or its term over), for an
 * activation recorded (`recordedOn`, the office date of its `at`) more than LATE_LIMIT_DAYS ago, nor for an MOU
 * without parties.
 */
export function kickoffPlan(mou: MouFacts, today: string, activation: { id: string; recordedOn: string }): ActivityPlan | null {
  if (mou.status !== 'active' || mou.parties.length === 0) return null;
  if (mou.endsOn !== null && mou.endsOn < today) return null;
  if (activation.recordedOn < addDays(today, -LATE_LIMIT_DAYS)) return null;
  const sourceEventId = activation.id;
  return plan(mou, kickoffActivityId(mou.id), 'kickoff', `Kickoff: ${mou.title}`, KICKOFF_WORKFLOW, sourceEventId);
}

/**
 * The term end whose renewal review is due today, or null. Due from `endsOn` minus the largest lead time, while
 * the MOU is active, or expired but still renewable; one review per term end (its id says which).
 */
export function renewalReviewDueFor(mou: MouFacts, today: string, leadDays: readonly number[]): string | null {
  if (leadDays.length === 0 || mou.endsOn === null || mou.parties.length === 0) return null;
  if (mou.status !== 'active' && mou.status !== 'expired') return null;
  if (today < addDays(mou.endsOn, -Math.max(...leadDays))) return null;
  if (today > addDays(mou.endsOn, RENEWAL_GRACE_DAYS)) return null;
  return mou.endsOn;
}

export function renewalReviewPlan(mou: MouFacts, endsOn: string): ActivityPlan {
  const title = `Renewal review: ${mou.title} (term ends ${endsOn})`;
  return plan(mou, renewalReviewActivityId(mou.id, endsOn), 'review', title, RENEWAL_REVIEW_WORKFLOW, mou.termEventId ?? mou.id);
}

function plan(mou: MouFacts, id: string, kind: ActivityPlan['kind'], title: string, workflow: string, sourceEventId: string): ActivityPlan {
  return {
    id,
    title,
    kind,
    mouId: mou.id,
    proposalId: null,
    organisationIds: [...new Set(mou.parties)],
    leadTeam: mou.leadTeam,
    // facts folded before the MOU's confidentiality existed have none: an open MOU
    confidential: mou.confidential === true,
    startsAt: null,
    endsAt: null,
    location: null,
    origin: { workflow, sourceEventId },
  };
}

/** The read-model filter of MOUs that may have a renewal review due today (renewalReviewDueFor decides). */
export function renewalCandidates(today: string, leadDays: readonly number[]): Record<string, unknown> | null {
  if (leadDays.length === 0) return null;
  return {
    status: { $in: ['active', 'expired'] },
    endsOn: { $lte: addDays(today, Math.max(...leadDays)), $gte: addDays(today, -RENEWAL_GRACE_DAYS) },
  };
}
