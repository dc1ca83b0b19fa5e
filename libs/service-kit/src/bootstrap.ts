import 'reflect-metadata';
import { Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { systemClock, type Clock } from '@pmt/kernel';
import { natsTransportOptions } from '@pmt/messaging';
import { auditEventsRoute } from './audit-events';
import { healthRoute } from './health-route';
import { sealRoutes } from './seal-route';
import { natsController, type Route } from './nats-controller';
import { ServiceRuntime, type ServiceDefinition } from './runtime';
import { serviceConfigFromEnv, type ServiceConfig } from './service-config';

export interface ServiceApp {
  runtime: ServiceRuntime;
  app: INestMicroservice;
  stop(): Promise<void>;
}

export interface StartServiceOptions {
  service: string;
  definition: ServiceDefinition;
  routes: (runtime: ServiceRuntime) => Route[];
  /** Background work started after the transport listens (a scheduler); returns its stop function. */
  background?: (runtime: ServiceRuntime) => Promise<() => Promise<void>> | (() => Promise<void>);
  config?: ServiceConfig;
  clock?: Clock;
}

/**
 * Opens the stores, catches the projections up, starts the relay, then answers on NATS.
 * Projections catch up before the first request is taken, so a read right after start is current.
 */
export async function startService(options: StartServiceOptions): Promise<ServiceApp> {
  const config = options.config ?? serviceConfigFromEnv(options.service);
  const runtime = await ServiceRuntime.open(config, options.definition, options.clock ?? systemClock);
  await runtime.start();
  const audit = auditEventsRoute(
    options.service,
    runtime.stores.events,
    options.definition.aggregates.map((a) => a.def.category),
  );
  const controller = natsController(`${options.service}Controller`, [healthRoute(runtime), audit, ...sealRoutes(runtime), ...options.routes(runtime)]);

  @Module({
    imports: [LoggerModule.forRoot({ pinoHttp: { level: process.env.LOG_LEVEL ?? 'info', base: { service: options.service } } })],
    controllers: [controller],
  })
  class ServiceModule {}

  const app = await NestFactory.createMicroservice(ServiceModule, { ...natsTransportOptions(config.natsUrl, options.service), bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.listen();
  await untilAnswering(runtime, `${options.service}.health`);
  const stopBackground = options.background ? await options.background(runtime) : async () => undefined;
  app.get(Logger).log(`${options.service} answers on NATS ${config.natsUrl} (data: ${config.eventStore}/${config.readModel})`);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await stopBackground();
      await app.close();
      await runtime.stop();
    })());
  return { runtime, app, stop };
}

/**
 * Nest's listen resolves once its subscriptions are sent, not once the server has them, so a caller on another
 * connection could still find no responder. Asking our own health subject from the runtime's connection until
 * it answers makes "started" mean "answering".
 */
async function untilAnswering(runtime: ServiceRuntime, subject: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let requester;
  try {
    requester = runtime.requester();
  } catch {
    return; // started without a NATS connection of its own (no relay): nothing to ask with
  }
  for (;;) {
    try {
      await requester.request(subject, { actor: 'system:startup', correlationId: 'startup', params: {} }, 1_000);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** For `main.ts`: start, and stop cleanly on SIGTERM/SIGINT. */
export async function runService(options: StartServiceOptions): Promise<void> {
  const started = await startService(options);
  const shutdown = () =>
    started.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
