import { v5 as uuidv5 } from 'uuid';

// Fixed namespaces: the same cause always gives the same activity id and the same command id.
const ACTIVITY_NAMESPACE = '00710f02-6059-44f0-8669-2241ad20e854';
const COMMAND_NAMESPACE = '399c2236-3cec-46ec-9f02-4e03a146be0c';

/** The one kickoff of an MOU (docs/integration-events.md). */
export const kickoffActivityId = (mouId: string): string => uuidv5(`kickoff:${mouId}`, ACTIVITY_NAMESPACE);

/** The one renewal review of an MOU's term ending on `endsOn`; a renewal's new term gets its own. */
export const renewalReviewActivityId = (mouId: string, endsOn: string): string => uuidv5(`renewal-review:${mouId}:${endsOn}`, ACTIVITY_NAMESPACE);

/** The command that plans an activity: a repeat is a command the store has seen, and appends nothing. */
export const planCommandId = (activityId: string): string => uuidv5(`PlanActivity:${activityId}`, COMMAND_NAMESPACE);
