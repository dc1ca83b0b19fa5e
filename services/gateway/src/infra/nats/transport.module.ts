import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { GATEWAY_CONFIG_KEY, type GatewayConfig } from '../../config';
import { NatsRequester } from './nats-requester';

@Injectable()
class NatsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(NatsRequester) private readonly nats: NatsRequester) {}

  onModuleInit(): Promise<void> {
    return this.nats.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.nats.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: NatsRequester,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const c = config.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY);
        return new NatsRequester({ url: c.natsUrl, timeoutMs: c.requestTimeoutMs, name: 'gateway' });
      },
    },
    NatsLifecycle,
  ],
  exports: [NatsRequester],
})
export class TransportModule {}
