import {
  canSee,
  CodedError,
  notFound,
  seesEverything,
  systemClock,
  viewerOf,
  type Clock,
  type DomainEvent,
  type Viewer,
  type Visibility,
  withVisibility,
} from '@pmt/kernel';
import type { CommandMessage, CommandResult } from '@pmt/messaging';
import type { Filter, Page, Sort } from '@pmt/read-model';
import {
  AggregateHistory,
  foldResource,
  handleCommand,
  streamIdOf,
  toResource,
  type AggregateDefinition,
  type ProjectionRunner,
  type ResourceDoc,
} from '@pmt/event-sourcing';
import type { Stores } from './stores';

type Visible = Visibility | null;

/** Well under NATS's 1 MiB message, with room for the rest of the reply. */
export const MAX_RESOURCE_REPLY_BYTES = 512 * 1024;

export interface ListParams {
  limit?: number;
  cursor?: string | null;
}

/**
 * Everything the transport layer of one aggregate calls: commands (with read-your-writes), reads from
 * its current-state read model, and history from the event store.
 */
export class AggregateEndpoint<C, E extends DomainEvent, S, R = S> {
  readonly history: AggregateHistory<C, E, S, R>;

  constructor(
    private readonly stores: Stores,
    private readonly runner: ProjectionRunner,
    readonly def: AggregateDefinition<C, E, S, R>,
    /** How people name it in messages: `MOU`, `organisation`. */
    readonly label: string,
    private readonly clock: Clock = systemClock,
    private readonly projectionWaitMs = 5000,
  ) {
    this.history = new AggregateHistory(stores.events, def, label, clock, stores.seals?.streams);
  }

  /** Runs a command and answers, with the resource it produced, once the read model shows its effect (or the wait ran out). */
  async execute(id: string, message: CommandMessage, build: (now: string) => C): Promise<CommandResult<ResourceDoc<R>>> {
    const now = this.clock.now().toISOString();
    // built for each attempt: a backdated command is decided as of when it happened (its date rules and `at` see
    // that instant); any other as of the attempt's `now`, which a retry after a conflict reads again from the clock
    const handled = await handleCommand(
      this.stores.events,
      this.def,
      id,
      build,
      {
        commandId: message.commandId,
        ...(typeof message.commandFingerprint === 'string' && { commandFingerprint: message.commandFingerprint }),
        actor: message.actor,
        correlationId: message.correlationId,
        expectedVersion: message.expectedVersion,
        reason: message.reason,
        now,
        clock: this.clock,
        ...(message.occurredAt !== undefined && { occurredAt: message.occurredAt }),
        ...(message.causationId !== undefined && { causationId: message.causationId }),
      },
      { hidden: this.hiddenFrom(viewerOf(message)) },
    );
    if (handled.position > 0) await this.runner.waitFor(handled.position, this.projectionWaitMs);
    const resource = await this.resourceAt(handled.id, handled.version);
    // The command is stored by now: its answer must not fail for size, so a resource too large for one reply stays out
    const fits = Buffer.byteLength(JSON.stringify(resource)) <= MAX_RESOURCE_REPLY_BYTES;
    return { id: handled.id, version: handled.version, position: handled.position, ...(fits ? { resource } : { resourceOmitted: true as const }) };
  }

  /** The current resource; a confidential one the viewer may not see is absent to them (the same 404). */
  async get(id: string, viewer?: Viewer): Promise<ResourceDoc<R>> {
    const doc = await this.stores.readModel.get(this.def.collection, id);
    if (!doc || !canSee(viewer, doc as Visible)) throw this.notFound(id);
    return doc as unknown as ResourceDoc<R>;
  }

  /** The list of what the viewer may see (`filter` is the caller's, already narrowed by the query's parameters). */
  list(filter: Filter, params: ListParams, sort: Sort = { id: -1 }, viewer?: Viewer): Promise<Page<ResourceDoc<R>>> {
    const limit = Math.min(Math.max(params.limit ?? 50, 1), 500);
    const visible = withVisibility(filter, viewer);
    return this.stores.readModel.find(this.def.collection, visible, { sort, limit, cursor: params.cursor ?? null }) as Promise<Page<ResourceDoc<R>>>;
  }

  /**
   * Refuses, as an unknown id, a history read of an aggregate the viewer may not see. Judged by the current read
   * model, or by the stream's own fold while the read model has not caught up with a new stream.
   */
  async assertVisible(id: string, viewer: Viewer | undefined): Promise<void> {
    if (seesEverything(viewer)) return;
    const doc = await this.stores.readModel.get(this.def.collection, id);
    if (doc) {
      if (!canSee(viewer, doc as Visible)) throw this.notFound(id);
      return;
    }
    const events = await this.stores.events.readStream(streamIdOf(this.def.category, id));
    if (events.length > 0 && !canSee(viewer, foldResource(this.def, events) as Visible)) throw this.notFound(id);
  }

  private hiddenFrom(viewer: Viewer | undefined): ((state: S) => boolean) | undefined {
    const visibilityOf = this.def.visibilityOf;
    if (!visibilityOf || seesEverything(viewer)) return undefined;
    return (state) => !canSee(viewer, visibilityOf(state));
  }

  private notFound(id: string): CodedError {
    return notFound(`${this.def.category.toUpperCase()}.NOT_FOUND`, `no ${this.label} with id ${id}`);
  }

  /**
   * The resource at a version: the read model's document when it stands there (after the wait, the usual case),
   * else folded from the stream's prefix (a duplicate answering as it did then, a read model behind or moved on).
   */
  private async resourceAt(id: string, version: number): Promise<ResourceDoc<R>> {
    const doc = await this.stores.readModel.get<ResourceDoc<R> & { id: string }>(this.def.collection, id);
    if (doc && doc.version === version) return doc;
    const events = await this.stores.events.readStream(streamIdOf(this.def.category, id), { toVersion: version });
    return toResource(foldResource(this.def, events), id, version);
  }
}

/** Refuses a command on an id that was never created, before the decider sees it. */
export function requireId(id: string | undefined): string {
  if (!id) throw new CodedError('COMMAND.ID_REQUIRED', 'invalid', 'the command needs the id of its resource', undefined, [{ path: 'id', message: 'required' }]);
  return id;
}
