import { Logger } from '@nestjs/common';
import { WRONG_EXPECTED_VERSION, type EventStore } from '@pmt/event-store';
import type { ProjectionRunner } from '@pmt/event-sourcing';
import { isCodedError, newId, type Clock } from '@pmt/kernel';
import type { AggregateEndpoint } from '@pmt/service-kit';
import type { Message } from '../messages';
import { distinctTargets, notificationId, reminderCause, reminderId, reminderMarkCommandId, requestCommandId, type Target } from '../notification-ids';
import type { Reminder } from '../reminders';
import { REMINDER_SENT, reminderStreamId } from '../workflows.projection';
import { WORKFLOWS_ACTOR } from './directory';

// The notification aggregate's types stay in its own folder; the workflows send the command as the seam fixes it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Notifications = AggregateEndpoint<any, any, any>;

export interface Notice extends Message {
  topic: string;
  link: { resource: string; id: string } | null;
  /** Of the record linked: a notice about a confidential record is seen only by those who may see the record. */
  visibility: Visibility;
}

export interface Visibility {
  confidential: boolean;
  leadTeam: string | null;
}

export interface Cause {
  correlationId?: string;
  /** The event that caused it, when a reaction. */
  causationId?: string;
  reason: string;
}

/**
 * Requests notifications with ids derived from their cause and recipient, so asking again (a redelivery, a
 * restart, a second instance) requests nothing new: the command id is known to the store, or the notification
 * exists (NOTIFICATION.ALREADY_EXISTS). A recipient the notification refuses (kind 'invalid': say a malformed
 * address) is logged and skipped; anything else throws, for the caller to try again later.
 */
export class Notifier {
  private readonly log = new Logger('NotificationWorkflows');

  constructor(
    private readonly notifications: Notifications,
    private readonly store: EventStore,
    private readonly runner: Pick<ProjectionRunner, 'waitFor'>,
    private readonly clock: Clock,
  ) {}

  /** Resolves to the ids of the notifications requested now or before. */
  async request(cause: string, targets: Target[], notice: Notice, why: Cause): Promise<string[]> {
    const ids: string[] = [];
    for (const target of distinctTargets(targets)) {
      const id = notificationId(cause, target);
      const data = {
        id,
        channel: target.channel,
        recipient: target.recipient,
        subject: notice.subject,
        body: notice.body,
        topic: notice.topic,
        link: notice.link,
        sendAfter: null,
        confidential: notice.visibility.confidential,
        leadTeam: notice.visibility.leadTeam,
      };
      try {
        await this.notifications.execute(
          id,
          {
            commandId: requestCommandId(id),
            actor: WORKFLOWS_ACTOR,
            correlationId: why.correlationId ?? newId(),
            ...(why.causationId !== undefined && { causationId: why.causationId }),
            reason: why.reason,
            data: { ...data },
          },
          (now) => ({ type: 'RequestNotification', now, data }),
        );
        ids.push(id);
      } catch (e) {
        if (isCodedError(e) && e.code === 'NOTIFICATION.ALREADY_EXISTS') ids.push(id);
        else if (isCodedError(e) && e.kind === 'invalid') this.log.error(`${notice.topic} to ${target.channel} ${target.recipient} refused: ${e.message}`);
        else throw e;
      }
    }
    return ids;
  }

  /**
   * Records that a reminder went out (in a local stream, never relayed), so that no later pass sends it again.
   * Once only: the stream must not exist yet, and the command id is derived from the reminder. Waits for the
   * projection, so the next pass sees it.
   */
  async markSent(r: Reminder, notificationIds: string[]): Promise<void> {
    const id = reminderId(r);
    const at = this.clock.now().toISOString();
    try {
      const result = await this.store.append({
        streamId: reminderStreamId(id),
        expectedVersion: 'no-stream',
        commandId: reminderMarkCommandId(id),
        events: [
          {
            id: newId(),
            type: REMINDER_SENT,
            schemaVersion: 1,
            data: {
              reminderId: id,
              cause: reminderCause(r),
              topic: r.topic,
              subjectId: r.subjectId,
              date: r.date,
              leadDays: r.leadDays,
              dueOn: r.dueOn,
              notificationIds,
              at,
            },
            actor: WORKFLOWS_ACTOR,
            correlationId: newId(),
            causationId: id,
            occurredAt: at,
          },
        ],
      });
      if (result.position > 0) await this.runner.waitFor(result.position, 2_000);
    } catch (e) {
      if (isCodedError(e) && e.code === WRONG_EXPECTED_VERSION) return;
      throw e;
    }
  }
}
