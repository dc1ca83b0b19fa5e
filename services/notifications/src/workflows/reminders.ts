import { addDays } from '@pmt/kernel';
import type { MouFacts } from './mou-facts';
import type { ProposalFacts } from './proposal-facts';

export type ReminderTopic = 'mou.renewal-due' | 'proposal.deadline-due' | 'kpi.report-due';

/** Lead times in days before each kind of date (the workflow config's `leadTimes`). */
export interface LeadTimes {
  mouRenewalDays: readonly number[];
  proposalDeadlineDays: readonly number[];
  kpiReportDays: readonly number[];
}

/** A reminder whose time has come: of `date` (a term end, a submission deadline, a KPI's due date), `leadDays` ahead. */
export interface Reminder {
  topic: ReminderTopic;
  /** The MOU's id, the proposal's id, or `<mouId>:<kpiId>`. */
  subjectId: string;
  date: string;
  leadDays: number;
  /** The office date it fell due: `date` minus `leadDays`. */
  dueOn: string;
  /** For a KPI reminder, the KPI's id. */
  kpiId?: string;
}

/**
 * A reminder that could not go out this long after it fell due (the service was down longer, or met old
 * history on its first start) is no help any more and is not sent.
 */
export const LATE_LIMIT_DAYS = 30;

/**
 * The lead time whose reminder is due on `today` for `date`: of the lead times already reached, the nearest to the
 * date. After downtime that passed several of them, only that one goes out (the others would say less, later);
 * none once it is more than LATE_LIMIT_DAYS late.
 */
export function dueLeadDays(date: string, today: string, leadDays: readonly number[]): number | null {
  const reached = leadDays.filter((lead) => today >= addDays(date, -lead));
  if (reached.length === 0) return null;
  const lead = Math.min(...reached);
  return today > addDays(date, LATE_LIMIT_DAYS - lead) ? null : lead;
}

function reminder(topic: ReminderTopic, subjectId: string, date: string, today: string, leadDays: readonly number[]): Reminder | null {
  const lead = dueLeadDays(date, today, leadDays);
  return lead === null ? null : { topic, subjectId, date, leadDays: lead, dueOn: addDays(date, -lead) };
}

/** Before an MOU's term ends: while it is in force, or expired (still renewable) when the reminder came late. */
export function renewalReminder(mou: MouFacts, today: string, leadDays: readonly number[]): Reminder | null {
  if ((mou.status !== 'active' && mou.status !== 'expired') || mou.endsOn === null) return null;
  return reminder('mou.renewal-due', mou.id, mou.endsOn, today, leadDays);
}

/**
 * Before each KPI's report is due, while the MOU is in force. A KPI already reported on since its first reminder
 * fell due (a report dated on or after its due date minus the largest lead time) needs no reminder.
 */
export function kpiReminders(mou: MouFacts, today: string, leadDays: readonly number[]): Reminder[] {
  if (mou.status !== 'active' || leadDays.length === 0) return [];
  const window = Math.max(...leadDays);
  return mou.kpis.flatMap((kpi) => {
    if (kpi.dueOn === null || (kpi.lastReportedOn !== null && kpi.lastReportedOn >= addDays(kpi.dueOn, -window))) return [];
    const r = reminder('kpi.report-due', `${mou.id}:${kpi.id}`, kpi.dueOn, today, leadDays);
    return r ? [{ ...r, kpiId: kpi.id }] : [];
  });
}

/** Before a proposal's submission deadline, while it is still a draft (submitted or withdrawn: nothing to remind of). */
export function deadlineReminder(p: ProposalFacts, today: string, leadDays: readonly number[]): Reminder | null {
  if (p.status !== 'draft' || p.submissionDeadline === null) return null;
  const r = reminder('proposal.deadline-due', p.id, p.submissionDeadline, today, leadDays);
  return r && !pastWhenEntered(r, p.enteredLateOn) ? r : null;
}

/**
 * A reminder that fell due before its subject's facts were entered after the fact (a KPI due last week on an MOU
 * entered today with Occurred-At) was already past when it was entered: it is not sent, not even late.
 */
export const pastWhenEntered = (r: Reminder, enteredLateOn: string | null | undefined): boolean =>
  enteredLateOn !== null && enteredLateOn !== undefined && r.dueOn < enteredLateOn;

/** Every reminder of an MOU due on `today`: its renewal and its KPIs. */
export function mouReminders(mou: MouFacts, today: string, lead: LeadTimes): Reminder[] {
  const renewal = renewalReminder(mou, today, lead.mouRenewalDays);
  return [...(renewal ? [renewal] : []), ...kpiReminders(mou, today, lead.kpiReportDays)].filter((r) => !pastWhenEntered(r, mou.enteredLateOn));
}

/** Whether a reminder is still due when checked again against the subject's current state. */
export const sameReminder = (a: Reminder, b: Reminder): boolean =>
  a.topic === b.topic && a.subjectId === b.subjectId && a.date === b.date && a.leadDays === b.leadDays;

/** The last date whose reminders may be due today: dates further ahead need not be looked at. */
export const horizon = (today: string, ...leadDays: Array<readonly number[]>): string => addDays(today, Math.max(0, ...leadDays.flat()));

/** The first date whose reminders may still be sent today (not past LATE_LIMIT_DAYS). */
export const lateLimit = (today: string): string => addDays(today, -LATE_LIMIT_DAYS);

/** An event recorded (its `data.at`) more than LATE_LIMIT_DAYS before today gets no reaction: old history met on a first start. */
export const tooLateToReact = (recordedOn: string, today: string): boolean => recordedOn < lateLimit(today);
