import { z } from 'zod';
import { instant, pagination, reason, says, text } from '@pmt/contracts-common';

export const CHANNELS = ['email', 'webhook', 'in-app'] as const;
export const NOTIFICATION_STATUSES = ['requested', 'sending', 'sent', 'failed', 'given-up', 'acknowledged'] as const;

/** `recipient=me` stands for the caller: their own in-app inbox. */
export const ME = 'me';

export const listNotifications = z.strictObject({
  recipient: z
    .string()
    .min(1)
    .max(500)
    .optional()
    .describe('Whose notifications: an email address, a webhook name, a user (the token’s sub) or `me` for the caller'),
  status: z
    .enum(NOTIFICATION_STATUSES, { error: says(`must be one of ${NOTIFICATION_STATUSES.join(', ')}`) })
    .optional()
    .describe('`sent` in-app notifications are the unread inbox'),
  channel: z.enum(CHANNELS, { error: says(`must be one of ${CHANNELS.join(', ')}`) }).optional(),
  topic: z.string().min(1).max(200).optional(),
  ...pagination,
});

/** Acknowledging records who and when; there is nothing else to say but why. */
export const acknowledgement = z.strictObject({ reason });

const link = z.strictObject({ resource: text(100), id: text(200) }).describe('What the notification is about, for the reader to open');

/**
 * `notifications.notification.request`: one notification to one recipient. The workflows request theirs with a
 * topic, a link and an id derived from their cause (the message's `id`); an admin's test message comes through the
 * API as `testNotification`. Whether an email recipient is an address is the service's rule.
 */
export const requestNotification = z.strictObject({
  channel: z.enum(CHANNELS, { error: says(`must be one of ${CHANNELS.join(', ')}`) }),
  recipient: text(500).describe('An email address, a configured webhook’s name (or url), or a user’s sub for in-app'),
  subject: text(500).regex(/^[^\r\n]*$/, 'must be one line'),
  body: text(50_000),
  topic: text(200),
  link: link.nullable().optional(),
  sendAfter: instant().nullable().optional().describe('Not before this instant; at once when absent'),
  reason,
});

/**
 * An admin's test message, to check that mail and webhooks reach their receivers: a request whose topic is `test`
 * unless it says otherwise. Everything else the system notifies is requested by the workflows, not through the API.
 */
export const testNotification = requestNotification.extend({ topic: text(200).default('test') });
