import { Logger } from '@nestjs/common';
import { CodedError, systemClock, type Clock, type DomainEvent } from '@pmt/kernel';
import { ProjectionRunner, aggregateProjection, type AggregateDefinition, type Projection } from '@pmt/event-sourcing';
import { connectNats, EventRelay, NatsRequester, SERVICE_UNAVAILABLE } from '@pmt/messaging';
import { readModelCheckpointStore } from './checkpoints';
import type { NatsConnection } from 'nats';
import { AggregateEndpoint } from './endpoint';
import { withoutCategories } from './inbox-unpublished';
import type { ServiceConfig } from './service-config';
import { openStores, type Stores } from './stores';
import { DEFAULT_SEAL_INTERVAL_MS } from './seal-config';
import { SealService } from './seals';
import { Sealer } from '@pmt/event-sourcing';

export interface ServiceDefinition {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  aggregates: Array<{ def: AggregateDefinition<any, any, any, any>; label: string }>;
  /** Projections beyond each aggregate's current-state view. */
  projections?: Projection[];
  /**
   * Stream categories the service writes besides its aggregates' (an inbox's mirrors of other services'
   * events: `inbox`). Its projections read them and a shared KurrentDB shows them to it, but its relay does
   * not publish them: they are other services' events, published by their owners.
   */
  localCategories?: string[];
}

/**
 * One domain service's platform: its stores, its projections kept caught up, and the relay that
 * publishes its events to JetStream. Transport handlers reach the aggregates through `endpoint()`.
 */
export class ServiceRuntime {
  private readonly log = new Logger('ServiceRuntime');
  private relay?: EventRelay;
  private nc?: NatsConnection;
  private requesterOnce?: NatsRequester;
  /** Seals the heads of the service's streams on a timer and on `<service>.audit.seal`. */
  seals?: SealService;

  private constructor(
    readonly config: ServiceConfig,
    readonly stores: Stores,
    readonly runner: ProjectionRunner,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly endpoints: Map<string, AggregateEndpoint<any, any, any, any>>,
    readonly clock: Clock,
    private readonly localCategories: string[] = [],
  ) {}

  static async open(config: ServiceConfig, definition: ServiceDefinition, clock: Clock = systemClock): Promise<ServiceRuntime> {
    const localCategories = definition.localCategories ?? [];
    const stores = await openStores({ ...config, categories: [...definition.aggregates.map((a) => a.def.category), ...localCategories] });
    const projections = [...definition.aggregates.map((a) => aggregateProjection(a.def)), ...(definition.projections ?? [])];
    const log = new Logger(`${config.service}:projections`);
    const runner = new ProjectionRunner(stores.events, stores.readModel, projections, (name, e) => log.error(`projection ${name} failed: ${String(e)}`));
    const endpoints = new Map(
      definition.aggregates.map((a) => [a.def.category, new AggregateEndpoint(stores, runner, a.def, a.label, clock, config.projectionWaitMs)]),
    );
    return new ServiceRuntime(config, stores, runner, endpoints, clock, localCategories);
  }

  /** `R`: the API resource's type, where the aggregate has its own resource fold (else the decider's state). */
  endpoint<C, E extends DomainEvent, S, R = S>(category: string): AggregateEndpoint<C, E, S, R> {
    const e = this.endpoints.get(category);
    if (!e) throw new Error(`no aggregate ${category} in ${this.config.service}`);
    return e as AggregateEndpoint<C, E, S, R>;
  }

  /** Starts projections and, unless told not to, the JetStream relay. */
  async start(options: { relay?: boolean } = {}): Promise<void> {
    await this.runner.start();
    if (options.relay !== false) {
      this.nc = await connectNats(this.config.natsUrl, `${this.config.service}-relay`);
      this.relay = new EventRelay({
        nc: this.nc,
        service: this.config.service,
        store: withoutCategories(this.stores.events, this.localCategories),
        checkpoints: readModelCheckpointStore(this.stores.readModel),
        logger: this.log,
      });
      await this.relay.start();
    }
    const seals = this.stores.seals;
    if (seals) {
      const sealer = new Sealer({ service: this.config.service, events: this.stores.events, seals: seals.store, key: seals.key, now: () => this.clock.now() });
      this.seals = new SealService(this.config.service, sealer, this.config.sealIntervalMs ?? DEFAULT_SEAL_INTERVAL_MS, this.nc);
      this.seals.start(seals.key);
    }
  }

  /** Request/reply to other services over the runtime's NATS connection (there once start() has run with the relay). */
  requester(): NatsRequester {
    if (!this.nc) throw new CodedError(SERVICE_UNAVAILABLE, 'unavailable', `${this.config.service} has no NATS connection to ask other services`);
    return (this.requesterOnce ??= new NatsRequester(this.nc));
  }

  async health(): Promise<Record<string, 'up' | 'down'>> {
    const check = async (f: () => Promise<unknown>) =>
      f().then(
        () => 'up' as const,
        () => 'down' as const,
      );
    return {
      eventStore: await check(() => (this.stores.events.ping ? this.stores.events.ping() : this.stores.events.headPosition())),
      readModel: await check(() => this.stores.readModel.checkpoint('health')),
      nats: this.nc && !this.nc.isClosed() ? 'up' : this.relay ? 'down' : 'up',
    };
  }

  async stop(): Promise<void> {
    await this.seals?.stop();
    await this.relay?.stop();
    await this.runner.stop();
    await this.nc?.drain().catch(() => undefined);
    await this.stores.close();
  }
}
