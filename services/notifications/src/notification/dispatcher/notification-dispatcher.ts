import { Logger } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { isCodedError, newId, type Clock } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import type { AggregateEndpoint } from '@pmt/service-kit';
import type { Notification, NotificationCommand, NotificationEvent, NotificationState, NotificationView } from '../index';
import { isRecipientGone, messageIdOf, type DeliveryChannel, type DeliveryReceipt } from '../delivery/channel';
import type { DispatcherConfig } from './dispatcher-config';

/** Namespace of the outcome commands' ids: recording the outcome of one attempt twice is one command. */
const OUTCOME_NAMESPACE = '3b0c9a2e-7f5d-4c61-8e2a-9d4f1b6c0e37';

export const DISPATCHER_ACTOR = 'system:notifications';

type Notifications = AggregateEndpoint<NotificationCommand, NotificationEvent, NotificationState, NotificationView>;
type Doc = Notification & { version: number };
type Outcome = 'sent' | 'failed' | 'given-up' | 'skipped';

export type DispatcherSettings = Pick<DispatcherConfig, 'intervalMs' | 'retry' | 'attemptLeaseMs' | 'resendUncertain' | 'concurrency'>;

const PAGE = 100;

/**
 * Delivers notifications when they are due and records every step as events. It keeps no state of its own: each
 * pass asks the read model what is due (requested with sendAfter passed, failed with nextAttemptAt passed, or an
 * attempt left unresolved by a process that died), so after downtime the first pass sends everything missed, late.
 *
 * Each delivery is: record NotificationAttemptStarted (with the version read, so two dispatchers cannot both start
 * one), call the channel, record the outcome. A crash between the channel accepting and the outcome being recorded
 * leaves an attempt whose outcome is unknown; once its lease has run out the next pass records that and, by
 * default, sends again with the same Message-ID / X-Notification-Id, so that the receiver can drop the repeat.
 */
export class NotificationDispatcher {
  private readonly log = new Logger('NotificationDispatcher');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopping = false;

  constructor(
    private readonly notifications: Notifications,
    private readonly channels: Record<'email' | 'webhook', DeliveryChannel>,
    private readonly clock: Clock,
    private readonly settings: DispatcherSettings,
  ) {}

  start(): void {
    this.stopping = false;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.settings.intervalMs);
    this.timer.unref();
  }

  /** Waits for the pass in progress: deliveries under way finish and their outcomes are recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over everything due now; resolves to the number of notifications it delivered, failed or gave up. */
  tick(): Promise<number> {
    this.running ??= this.pass()
      .catch((error) => {
        this.log.error(`dispatch pass failed: ${String(error)}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private dueFilter(now: Date) {
    const staleBefore = new Date(now.getTime() - this.settings.attemptLeaseMs).toISOString();
    return {
      $or: [
        { status: { $in: ['requested', 'failed'] }, dueAt: { $lte: now.toISOString() } },
        { status: 'sending', attemptStartedAt: { $lte: staleBefore } },
      ],
    };
  }

  private async pass(): Promise<number> {
    let acted = 0;
    const seen = new Set<string>();
    while (!this.stopping) {
      const page = await this.notifications.list(this.dueFilter(this.clock.now()), { limit: PAGE }, { dueAt: 1 });
      // what this pass tried already and could not move (another dispatcher has it) is left to the next pass
      const fresh = (page.items as Doc[]).filter((d) => !seen.has(d.id));
      if (fresh.length === 0) break;
      fresh.forEach((d) => seen.add(d.id));
      // once stopping, nothing new is started: the deliveries under way finish and are recorded
      const outcomes = await eachLimited(fresh, this.settings.concurrency, (d) => (this.stopping ? Promise.resolve<Outcome>('skipped') : this.dispatch(d)));
      acted += outcomes.filter((o) => o !== 'skipped').length;
      if (page.nextCursor === null) break;
    }
    return acted;
  }

  private async dispatch(doc: Doc): Promise<Outcome> {
    try {
      if (doc.channel === 'in-app') {
        await this.execute(doc.id, (now) => ({ type: 'MarkSent', now, data: { attempt: 1 } }), { expectedVersion: doc.version });
        return 'sent';
      }
      let current: Doc = doc;
      if (current.status === 'sending') {
        current = await this.resolveUnknownOutcome(current);
        if (current.status !== 'failed') return 'given-up';
      }
      const started = await this.execute(current.id, (now) => ({ type: 'StartAttempt', now, data: {} }), { expectedVersion: current.version });
      return await this.deliver(started);
    } catch (error) {
      // refused (it moved on, or another dispatcher took it: a stale version) or the store is away: the next pass sees it anew
      if (isCodedError(error) && (error.kind === 'conflict' || error.kind === 'precondition'))
        this.log.debug(`notification ${doc.id} skipped: ${error.message}`);
      else this.log.error(`notification ${doc.id} not dispatched: ${String(error)}`);
      return 'skipped';
    }
  }

  private async deliver(n: Doc): Promise<Outcome> {
    const attempt = n.attempts;
    let receipt: DeliveryReceipt;
    try {
      receipt = await this.channels[n.channel as 'email' | 'webhook'].deliver(n, attempt);
    } catch (error) {
      const message = messageOf(error);
      if (isRecipientGone(error)) {
        // nobody to send to, now or later (an erased contact): given up at once, with the plain reason
        await this.recordOutcome(n.id, attempt, (now) => ({ type: 'GiveUp', now, data: { reason: message } }));
        return 'given-up';
      }
      const after = await this.recordOutcome(n.id, attempt, (now) => ({
        type: 'MarkFailed',
        now,
        retry: this.settings.retry,
        data: { attempt, error: message || 'delivery failed without a message' },
      }));
      return after?.status === 'given-up' ? 'given-up' : 'failed';
    }
    await this.recordOutcome(n.id, attempt, (now) => ({
      type: 'MarkSent',
      now,
      data: { attempt, messageId: receipt.messageId ?? null, httpStatus: receipt.httpStatus ?? null, response: receipt.response ?? null },
    }));
    return 'sent';
  }

  /** An attempt left unresolved past its lease: its process died during it, and whether the message went out is unknown. */
  private async resolveUnknownOutcome(n: Doc): Promise<Doc> {
    const attempt = n.attempts;
    const repeatKey = n.channel === 'email' ? `Message-ID ${messageIdOf(n.id)}` : `X-Notification-Id ${n.id}`;
    const what = `the outcome of attempt ${attempt} (started ${n.attemptStartedAt}) was never recorded: the service stopped during it`;
    if (!this.settings.resendUncertain) {
      const reason = `${what}; it is not sent again because NOTIFY_RESEND_UNCERTAIN is false`;
      return this.execute(n.id, (now) => ({ type: 'GiveUp', now, data: { reason } }), { expectedVersion: n.version, reason: 'attempt outcome unknown' });
    }
    this.log.warn(`notification ${n.id}: ${what}; sending again with the same ${repeatKey}`);
    const error = `outcome unknown: ${what}; sent again with the same ${repeatKey}`;
    return this.execute(n.id, (now) => ({ type: 'MarkFailed', now, retry: this.settings.retry, data: { attempt, error, outcomeUnknown: true } }), {
      expectedVersion: n.version,
      reason: 'attempt outcome unknown',
    });
  }

  /**
   * The outcome's command id is derived from the attempt, so recording it again (after a store hiccup) appends
   * nothing. Tried a few times; if it still fails the attempt stays unresolved and a later pass treats its outcome
   * as unknown.
   */
  private async recordOutcome(id: string, attempt: number, build: (now: string) => NotificationCommand): Promise<Doc | undefined> {
    const commandId = uuidv5(`outcome:${id}:${attempt}`, OUTCOME_NAMESPACE);
    for (let tries = 1; ; tries++) {
      try {
        return await this.execute(id, build, { commandId });
      } catch (error) {
        if (isCodedError(error) && error.kind !== 'unavailable' && error.kind !== 'internal') {
          this.log.warn(`outcome of attempt ${attempt} of notification ${id} refused: ${error.message}`);
          return undefined;
        }
        if (tries >= 3) {
          this.log.error(`outcome of attempt ${attempt} of notification ${id} not recorded: ${String(error)}`);
          return undefined;
        }
        await new Promise((r) => setTimeout(r, 200 * tries));
      }
    }
  }

  private async execute(
    id: string,
    build: (now: string) => NotificationCommand,
    options: { expectedVersion?: number; commandId?: string; reason?: string },
  ): Promise<Doc> {
    const message: CommandMessage = {
      commandId: options.commandId ?? newId(),
      actor: DISPATCHER_ACTOR,
      correlationId: newId(),
      ...(options.expectedVersion !== undefined && { expectedVersion: options.expectedVersion }),
      ...(options.reason !== undefined && { reason: options.reason }),
      data: {},
    };
    const result = await this.notifications.execute(id, message, build);
    return result.resource as Doc;
  }
}

/** An error's message, whichever realm made the error (nodemailer's and fetch's are not always this realm's Error). */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** Runs `work` over the items with at most `limit` at a time, keeping their order in the results. */
async function eachLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
