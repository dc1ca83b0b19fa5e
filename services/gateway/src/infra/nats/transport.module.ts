import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { BackgroundNatsConnection, NatsRequester } from '@pmt/messaging';
import { GATEWAY_CONFIG_KEY, type GatewayConfig } from '../../config';

@Injectable()
class NatsLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(BackgroundNatsConnection) private readonly connection: BackgroundNatsConnection) {}

  onModuleInit(): Promise<void> {
    return this.connection.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.connection.close();
  }
}

/** One NATS connection for the gateway, opened in the background (it starts and answers 503 while NATS is away), and messaging's requester on it. */
@Global()
@Module({
  providers: [
    {
      provide: BackgroundNatsConnection,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new BackgroundNatsConnection({ url: config.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY).natsUrl, name: 'gateway' }),
    },
    {
      provide: NatsRequester,
      inject: [BackgroundNatsConnection, ConfigService],
      useFactory: (connection: BackgroundNatsConnection, config: ConfigService) =>
        new NatsRequester(connection, config.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY).requestTimeoutMs),
    },
    NatsLifecycle,
  ],
  exports: [BackgroundNatsConnection, NatsRequester],
})
export class TransportModule {}
