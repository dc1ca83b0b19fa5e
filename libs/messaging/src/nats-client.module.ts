import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { connectNats, type ConnectNatsOptions } from './nats-connection';
import { NatsRequester } from './requester';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

export interface NatsClientModuleOptions {
  url: string | string[];
  /** Connection name, e.g. `gateway`. */
  name: string;
  /** Default timeout of NatsRequester.request; 5000 ms. */
  requestTimeoutMs?: number;
  connection?: ConnectNatsOptions;
}

@Injectable()
class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    // Drain lets replies to requests already sent arrive before the socket closes.
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
  }
}

/** Provides NATS_CONNECTION (one connection for the app) and NatsRequester; drains on shutdown. */
@Global()
@Module({})
export class NatsClientModule {
  static forRoot(options: NatsClientModuleOptions): DynamicModule {
    return {
      module: NatsClientModule,
      providers: [
        { provide: NATS_CONNECTION, useFactory: () => connectNats(options.url, options.name, options.connection) },
        { provide: NatsRequester, useFactory: (nc: NatsConnection) => new NatsRequester(nc, options.requestTimeoutMs), inject: [NATS_CONNECTION] },
        NatsConnectionCloser,
      ],
      exports: [NATS_CONNECTION, NatsRequester],
    };
  }
}
