import { Logger } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import type { EventStore } from '@pmt/event-store';
import { addDays, isCodedError, newId, officeDate, officeDayStart, type Clock } from '@pmt/kernel';
import type { AggregateEndpoint } from '@pmt/service-kit';
import {
  DEFAULT_BACKFILL_QUIET_MS,
  dueTransitions,
  isBackfilling,
  streamIdOf,
  type LastChange,
  type MouCommand,
  type MouEvent,
  type MouResource,
  type MouState,
  type MouView,
} from '../index';

/** Namespace for the scheduler's command ids: the same transition of the same version is one command. */
const SCHEDULER_NAMESPACE = '6f1d3c1e-8f4a-4b0e-9a55-6b8f2d1c7e90';

const REASONS = { ActivateMou: 'effective date reached', ExpireMou: 'term ended' } as const;

export interface BackfillOptions {
  /** The MOUs' event store, where the scheduler reads each due MOU's last change to see whether it is being backfilled. */
  events?: EventStore;
  /** How long an MOU is left alone after its last backdated change (default DEFAULT_BACKFILL_QUIET_MS). */
  quietMs?: number;
}

/**
 * Records time-driven transitions (activation on effectiveFrom, expiry after endsOn) as events.
 * It keeps no state of its own: each tick asks the MOU read model what is due, so after downtime the
 * first tick catches up on everything missed, and a command id derived from (transition, id, version)
 * makes a repeated tick append nothing. An MOU whose past an admin is entering (isBackfilling, read from its
 * last event in the store, so it survives a restart) is left alone until the backfill ends.
 */
export class MouScheduler {
  private readonly log = new Logger('MouScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly mous: AggregateEndpoint<MouCommand, MouEvent, MouState, MouView>,
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
    private readonly backfill: BackfillOptions = {},
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over everything due today; resolves to the number of transitions recorded. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const now = this.clock.now().toISOString();
    const today = officeDate(now);
    const due = {
      $or: [
        { status: 'signed', effectiveFrom: { $lte: today } },
        { status: 'active', endsOn: { $lt: today } },
      ],
    };
    let recorded = 0;
    let cursor: string | null = null;
    do {
      const page = await this.mous.list(due, { limit: 200, cursor }, { id: 1 });
      for (const mou of page.items as Array<MouResource & { version: number }>) recorded += await this.advance(mou, today);
      cursor = page.nextCursor;
    } while (cursor);
    return recorded;
  }

  private async advance(mou: MouResource & { version: number }, today: string): Promise<number> {
    let recorded = 0;
    let version = mou.version;
    let lastAt = mou.updatedAt;
    const due = dueTransitions(mou, today);
    if (due.length > 0 && (await this.isBackfilling(mou))) return 0;
    for (const transition of due) {
      // Dated when it fell due (never before the MOU's last change), not when this tick ran: after downtime, or for an
      // MOU entered years late, history as of any date shows it active from effectiveFrom and expired after endsOn.
      const dueAt = officeDayStart(transition.type === 'ActivateMou' ? mou.effectiveFrom : addDays(mou.endsOn, 1));
      const occurredAt = dueAt > lastAt ? dueAt : lastAt;
      try {
        const result = await this.mous.execute(
          mou.id,
          {
            commandId: uuidv5(`${transition.type}:${mou.id}:${version}`, SCHEDULER_NAMESPACE),
            actor: 'system:scheduler',
            correlationId: newId(),
            reason: REASONS[transition.type],
            ...(occurredAt < this.clock.now().toISOString() && { occurredAt }),
            data: {},
          },
          (at) => ({ type: transition.type, now: at, today: officeDate(at), data: {} }) as MouCommand,
        );
        version = result.version;
        lastAt = (result.resource as { updatedAt?: string } | undefined)?.updatedAt ?? occurredAt;
        recorded += result.position > 0 ? 1 : 0;
      } catch (error) {
        // the MOU moved on meanwhile (terminated, renewed): the next tick sees its new state
        if (isCodedError(error)) this.log.warn(`${transition.type} of MOU ${mou.id} refused: ${error.message}`);
        else this.log.error(`${transition.type} of MOU ${mou.id} failed: ${String(error)}`);
        break;
      }
    }
    return recorded;
  }

  private async isBackfilling(mou: MouResource & { version: number }): Promise<boolean> {
    if (!this.backfill.events) return false;
    const tail = await this.backfill.events.readStream(streamIdOf(mou.id), { fromVersion: mou.version });
    const last = tail.at(-1);
    const change: LastChange | undefined = last && { occurredAt: last.occurredAt, recordedAt: last.recordedAt, actor: last.actor };
    return isBackfilling(change, this.clock.now().toISOString(), this.backfill.quietMs ?? DEFAULT_BACKFILL_QUIET_MS);
  }
}
