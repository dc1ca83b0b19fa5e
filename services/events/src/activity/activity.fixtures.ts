// Shared by the activity specs: story 4 of STORIES.md, the Chiang Mai workshop of 1 November 2013 where 130
// participants from eight northern provinces each stated a need.
import type { ActivityEvent, ActivityPlanned } from './activity';
import type { OutcomeInput, PlanActivityData } from './activity.decide';

export const ACTIVITY_ID = 'activity-workshop-2013';
export const MOU_ID = 'mou-most-moi-2009';
export const CHIANG_MAI = 'org-chiang-mai';
export const LAMPANG = 'org-lampang';
export const CHIANG_RAI = 'org-chiang-rai';

/** The platform's stamp for a command issued at an instant. */
export const on = (now: string) => ({ now, today: now.slice(0, 10) });

/** 09:00 to 16:00 in Chiang Mai (UTC+7). */
export const STARTS_AT = '2013-11-01T02:00:00.000Z';
export const ENDS_AT = '2013-11-01T09:00:00.000Z';
export const PLANNED_AT = '2013-09-15T03:00:00.000Z';
export const SCHEDULED_AT = '2013-10-01T03:00:00.000Z';
/** The evening of the workshop day. */
export const HELD_AT = '2013-11-01T11:00:00.000Z';

export const planData: PlanActivityData = {
  id: ACTIVITY_ID,
  title: 'เวิร์กช็อปความต้องการเทคโนโลยีภาคเหนือ เชียงใหม่',
  kind: 'workshop',
  mouId: MOU_ID,
  organisationIds: [CHIANG_MAI, LAMPANG, CHIANG_RAI],
  leadTeam: 'NMCO',
};

export const planned: ActivityPlanned = {
  type: 'ActivityPlanned',
  data: {
    id: ACTIVITY_ID,
    title: planData.title,
    kind: 'workshop',
    mouId: MOU_ID,
    proposalId: null,
    organisationIds: [CHIANG_MAI, LAMPANG, CHIANG_RAI],
    leadTeam: 'NMCO',
    startsAt: null,
    endsAt: null,
    location: null,
    origin: null,
    confidential: false,
    at: PLANNED_AT,
  },
};

export const scheduled = (location: string | null = 'อุทยานวิทยาศาสตร์ มหาวิทยาลัยเชียงใหม่', startsAt = STARTS_AT, endsAt = ENDS_AT): ActivityEvent => ({
  type: 'ActivityScheduled',
  data: { startsAt, endsAt, location, at: SCHEDULED_AT },
});

/** Three of the eight stated needs (the e2e test records all eight). */
export const outcomes: OutcomeInput[] = [
  { id: 'o1', title: 'ความปลอดภัยอาหาร (Chiang Mai Food Valley)', organisationId: CHIANG_MAI, detail: 'food safety' },
  { id: 'o2', title: 'เซรามิกและพลังงาน', organisationId: LAMPANG },
  { id: 'o3', title: 'เมล็ดพันธุ์ข้าว' },
];

export const completed: ActivityEvent = {
  type: 'ActivityCompleted',
  data: {
    attendance: 130,
    outcomes: [
      { id: 'o1', title: outcomes[0].title, organisationId: CHIANG_MAI, detail: 'food safety' },
      { id: 'o2', title: outcomes[1].title, organisationId: LAMPANG, detail: null },
      { id: 'o3', title: outcomes[2].title, organisationId: null, detail: null },
    ],
    organisationIds: [CHIANG_MAI, LAMPANG, CHIANG_RAI],
    mouId: MOU_ID,
    proposalId: null,
    at: HELD_AT,
  },
};

export const cancelled: ActivityEvent = { type: 'ActivityCancelled', data: { reason: 'flooding in Chiang Mai', at: SCHEDULED_AT } };

export const taskAdded = (taskId = 't1', at = HELD_AT): ActivityEvent => ({
  type: 'FollowUpTaskAdded',
  data: { taskId, title: 'ส่งสรุปความต้องการให้ IASA', owner: 'NMCO office', dueOn: '2013-11-15', at },
});
export const taskCompleted = (taskId = 't1', at = '2013-11-10T03:00:00.000Z'): ActivityEvent => ({ type: 'FollowUpTaskCompleted', data: { taskId, at } });

export const confidentialityChanged = (confidential: boolean, at = SCHEDULED_AT): ActivityEvent => ({
  type: 'ActivityConfidentialityChanged',
  data: { confidential, at },
});

export const plannedHistory: ActivityEvent[] = [planned];
export const scheduledHistory: ActivityEvent[] = [planned, scheduled()];
export const heldHistory: ActivityEvent[] = [...scheduledHistory, completed];
export const cancelledHistory: ActivityEvent[] = [planned, cancelled];

/** Every state a command can meet, by name, for the "refuses in each other state" tables. */
export const histories: Record<string, ActivityEvent[]> = {
  planned: plannedHistory,
  scheduled: scheduledHistory,
  held: heldHistory,
  cancelled: cancelledHistory,
};
export const statesOtherThan = (...allowed: string[]) => Object.entries(histories).filter(([status]) => !allowed.includes(status));
