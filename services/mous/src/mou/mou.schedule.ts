import { isBackdated } from '@pmt/kernel';
import type { MouStatus } from './mou';

export type DueTransition = { type: 'ActivateMou' } | { type: 'ExpireMou' };

/** What the schedule looks at: the resource the scheduler lists, or the decider's state (dates where it has them). */
export interface ScheduleFacts {
  status: MouStatus | 'none';
  effectiveFrom?: string;
  endsOn?: string;
}

/**
 * What the scheduler should send today, in order. A signed MOU whose whole term has already passed
 * (entered late, or the scheduler was down) is activated first and then expired.
 */
export function dueTransitions(mou: ScheduleFacts, today: string): DueTransition[] {
  const due: DueTransition[] = [];
  if (mou.status === 'signed' && mou.effectiveFrom !== undefined && today >= mou.effectiveFrom) due.push({ type: 'ActivateMou' });
  const inForce = mou.status === 'active' || due.length > 0;
  if (inForce && mou.endsOn !== undefined && today > mou.endsOn) due.push({ type: 'ExpireMou' });
  return due;
}

/** The envelope of an MOU's last event: what tells the scheduler whether someone is entering its past. */
export interface LastChange {
  occurredAt: string;
  recordedAt: string;
  actor: string;
}

/** The actor of the transitions the scheduler records. */
export const SCHEDULER_ACTOR = 'system:scheduler';

/** How long the scheduler leaves an MOU alone after its last backdated change, by default (BACKFILL_QUIET_MS). */
export const DEFAULT_BACKFILL_QUIET_MS = 24 * 60 * 60 * 1000;

/**
 * Whether an MOU is being backfilled at `now`: its last change was backdated (by a person, not by the
 * scheduler catching up) and less than `quietMs` ago. Meanwhile its time-driven transitions wait, so that the
 * rest of its past (renewals, KPI reports, a termination) can still be entered in order; the backfill ends with a
 * change that is not backdated, or once nobody has backdated anything for `quietMs`. Then the scheduler catches up,
 * dating each transition when it fell due but never before the last change.
 */
export function isBackfilling(last: LastChange | undefined, now: string, quietMs: number): boolean {
  if (last === undefined || last.actor === SCHEDULER_ACTOR) return false;
  return isBackdated(last) && Date.parse(now) - Date.parse(last.recordedAt) < quietMs;
}
