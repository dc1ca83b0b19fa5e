import { activityEventOf } from '@pmt/contracts-events';
import { idSet, list, record, textUnlessEmpty, type SourceEvent } from './event-data';
import type { ActivityFacts } from './partnership';

/**
 * Folds one event of an activity stream (services/events): `ActivityCompleted { organisationIds, attendance }`
 * is self-contained; the organisations are also taken from any other event that names them (`ActivityPlanned`).
 */
export function evolveActivity(facts: ActivityFacts | null, id: string, e: SourceEvent): ActivityFacts | null {
  const d = record(e.data);
  const base: ActivityFacts = facts
    ? { ...facts, version: e.streamVersion, updatedAt: e.occurredAt }
    : { id, version: e.streamVersion, updatedAt: e.occurredAt, organisationIds: [], leadTeam: null, confidential: false, completed: false, attendance: 0 };
  const named = Array.isArray(d.organisationIds) ? { organisationIds: idSet(list(d.organisationIds)) } : {};
  const activity = activityEventOf(e);
  if (activity?.type === 'ActivityPlanned') {
    return { ...base, ...named, leadTeam: textUnlessEmpty(activity.data.leadTeam), confidential: activity.data.confidential === true };
  }
  if (activity?.type === 'ActivityConfidentialityChanged') return { ...base, confidential: activity.data.confidential === true };
  if (activity?.type === 'ActivityCompleted') {
    const { attendance: given } = activity.data;
    const attendance = Number.isSafeInteger(given) && given >= 0 ? given : 0;
    return { ...base, ...named, completed: true, attendance };
  }
  return { ...base, ...named };
}
