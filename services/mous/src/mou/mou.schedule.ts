import type { MouState } from './mou';

export type DueTransition = { type: 'ActivateMou' } | { type: 'ExpireMou' };

/**
 * What the scheduler should send today, in order. A signed MOU whose whole term has already passed
 * (entered late, or the scheduler was down) is activated first and then expired.
 */
export function dueTransitions(state: MouState, today: string): DueTransition[] {
  const due: DueTransition[] = [];
  if (state.status === 'signed' && today >= state.effectiveFrom) due.push({ type: 'ActivateMou' });
  const inForce = state.status === 'active' || due.length > 0;
  if (inForce && state.status !== 'none' && today > state.endsOn) due.push({ type: 'ExpireMou' });
  return due;
}
