import type { Notification } from '../index';

/** What a channel tells about an accepted message, recorded with NotificationSent. */
export interface DeliveryReceipt {
  messageId?: string;
  httpStatus?: number;
  response?: string;
}

/**
 * Hands one notification to the outside world. Resolves once the other side accepted it; rejects with an error
 * whose message says what went wrong (it is recorded as the attempt's error and shown to people).
 */
export interface DeliveryChannel {
  deliver(notification: Notification, attempt: number): Promise<DeliveryReceipt>;
  close?(): Promise<void> | void;
}

/**
 * The idempotency key receivers see for a notification: the same on every attempt, so that a message sent again
 * after an attempt with an unknown outcome can be dropped by whoever already has it.
 */
export const messageIdOf = (notificationId: string): string => `<${notificationId}@partnership-tracker>`;

/**
 * The recipient cannot be written to, now or later (a partner contact erased or removed): the dispatcher gives the
 * notification up with this message as its reason instead of retrying it.
 */
export class RecipientGoneError extends Error {
  readonly recipientGone = true;
}

export const isRecipientGone = (e: unknown): boolean => (e as { recipientGone?: unknown } | null)?.recipientGone === true;
