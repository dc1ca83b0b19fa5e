import { v5 as uuidv5 } from 'uuid';
import type { Reminder } from './reminders';

// Fixed namespaces: the same cause and recipient always give the same ids.
const NOTIFICATION_NAMESPACE = '2de825e2-3e7f-4ea5-ba1d-9787f900c206';
const COMMAND_NAMESPACE = '1d10f8da-2bdd-44c2-be8f-a11228de855a';
const REMINDER_NAMESPACE = 'c1d7c811-3b27-44f9-b94f-db02a15723a4';

/** Who a notification goes to: an email address, an in-app inbox, or a configured webhook by name. */
export interface Target {
  channel: 'email' | 'webhook' | 'in-app';
  recipient: string;
}

/**
 * What caused a notification, as text: the topic and the subject's id, and for a reminder the date reminded of and
 * the lead time. Together with the recipient it makes the notification's id.
 */
export const eventCause = (topic: string, subjectId: string): string => `${topic}|${subjectId}`;
export const reminderCause = (r: Reminder): string => `${r.topic}|${r.subjectId}|${r.date}|${r.leadDays}`;

/** Email addresses compare without case: one address, one notification. */
const recipientKey = (t: Target) => `${t.channel}|${t.channel === 'email' ? t.recipient.toLowerCase() : t.recipient}`;

export const notificationId = (cause: string, target: Target): string => uuidv5(`${cause}|${recipientKey(target)}`, NOTIFICATION_NAMESPACE);

/** The RequestNotification command: a repeat is a command the store has seen, and appends nothing. */
export const requestCommandId = (notificationId: string): string => uuidv5(`RequestNotification:${notificationId}`, COMMAND_NAMESPACE);

/** The reminder itself (every recipient), recorded as sent once all its notifications are requested. */
export const reminderId = (r: Reminder): string => uuidv5(reminderCause(r), REMINDER_NAMESPACE);

/** Distinct targets, in first-seen order. */
export function distinctTargets(targets: Target[]): Target[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = recipientKey(t);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The append that records a reminder as sent. */
export const reminderMarkCommandId = (reminderId: string): string => uuidv5(`ReminderSent:${reminderId}`, COMMAND_NAMESPACE);

/** A notice following its record's change of confidentiality: once per notice and source event, however often it is delivered. */
export const visibilityCommandId = (notificationId: string, sourceEventId: string): string =>
  uuidv5(`SetVisibility:${notificationId}:${sourceEventId}`, COMMAND_NAMESPACE);
