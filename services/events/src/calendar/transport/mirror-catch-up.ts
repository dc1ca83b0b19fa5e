import type { ProjectionRunner } from '@pmt/event-sourcing';
import type { EventStore } from '@pmt/event-store';
import type { JetStreamManager } from 'nats';

/** A durable consumer whose events the calendar mirrors: its stream and name. */
export interface FollowedConsumer {
  stream: string;
  durable: string;
}

const POLL_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Read-your-writes for a view built on other services' events: before the feed is read, waits (at most
 * `waitMs`, the service's projection wait) until the durable consumers that mirror MOUs and proposals have
 * nothing pending (every published event is mirrored and acked), then until the projections have applied
 * everything in the store. A write another service answered is then on the feed, as when the gateway read
 * each service's list. The workflows register their consumers once they run, just after the service answers
 * on NATS: a feed asked for in between waits for them too (within the same bound).
 */
export class MirrorCatchUp {
  private jsm?: JetStreamManager;
  private consumers: FollowedConsumer[] = [];
  private markFollowed!: () => void;
  private readonly followed = new Promise<void>((resolve) => (this.markFollowed = resolve));

  constructor(
    private readonly runner: Pick<ProjectionRunner, 'waitFor'>,
    private readonly store: Pick<EventStore, 'headPosition'>,
    private readonly waitMs: number,
  ) {}

  follow(jsm: JetStreamManager, consumers: FollowedConsumer[]): void {
    this.jsm = jsm;
    this.consumers = consumers;
    this.markFollowed();
  }

  /** Resolves true when caught up, false when the wait ran out (the feed is then answered as it is). */
  async wait(): Promise<boolean> {
    const deadline = Date.now() + this.waitMs;
    if (!this.jsm) await Promise.race([this.followed, sleep(this.waitMs)]);
    while (!(await this.nothingPending())) {
      if (Date.now() + POLL_MS > deadline) return false;
      await sleep(POLL_MS);
    }
    return this.runner.waitFor(await this.store.headPosition(), Math.max(deadline - Date.now(), 0));
  }

  private async nothingPending(): Promise<boolean> {
    const jsm = this.jsm;
    if (!jsm) return true;
    const infos = await Promise.all(this.consumers.map((c) => jsm.consumers.info(c.stream, c.durable).catch(() => null)));
    // a consumer that cannot be asked (NATS away) does not hold the feed back: it answers what it has
    return infos.every((i) => i === null || i.num_pending + i.num_ack_pending === 0);
  }
}
