import 'reflect-metadata';
import { Logger as NestLogger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { jsonBodyParser, ProblemJsonFilter } from '@pmt/http';
import type { Clock } from '@pmt/kernel';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { loadGatewayConfig, type GatewayConfig } from './config';
import { DOCS_PATH, setupOpenApi } from './api/docs/openapi';
import { GatewayModule } from './gateway.module';
import { createHttpLogger, createRootLogger } from './logging';
import { API_PREFIX } from './api/common/schemas';
import { mountConsole } from './infra/console/console-static';

export interface GatewayApp {
  app: INestApplication;
  config: GatewayConfig;
  port: number;
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

/**
 * Builds and starts the gateway. `overrides` win over the environment; `{ port: 0 }` picks a free port, which is
 * what tests and benchmarks want.
 */
export interface GatewayAppOptions {
  /** Where the JSON log lines go; stdout when absent. */
  logDestination?: DestinationStream;
  /** Session expiry reads this clock (tests move it); the system clock when absent. */
  clock?: Clock;
}

/**
 * Security headers on every answer (helmet's defaults: nosniff, frame-ancestors none, no referrer leaks, ...), with a
 * CSP that lets the API docs at /api/docs and a console served from `/` run their own scripts and styles (same
 * origin only; inline styles allowed, as Swagger UI and Mantine set style attributes) and nothing from elsewhere.
 * No upgrade-insecure-requests: the embedded profile is plain HTTP on 127.0.0.1.
 */
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  });
}

export async function createGatewayApp(overrides: Partial<GatewayConfig> = {}, options: GatewayAppOptions = {}): Promise<GatewayApp> {
  const config = loadGatewayConfig(process.env, overrides);
  const root = createRootLogger(config.logLevel, options.logDestination);

  const app = await NestFactory.create<NestExpressApplication>(GatewayModule.forRoot(config, root, options.clock), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  const log = new NestLogger('Gateway');
  if (config.jwtSecretFile) log.log(`AUTH_JWT_SECRET is not set: tokens are signed with the secret in ${config.jwtSecretFile} (npm run token uses it)`);

  app.disable('x-powered-by');
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  // Express would add its own weak ETag to every body; ours carries the version.
  app.set('etag', false);
  // Order matters: correlation id and request log first, so even a body that fails to parse is logged with its id.
  app.use(createHttpLogger(root));
  app.use(securityHeaders());
  const consoleServed = mountConsole(app, config.consoleDir);
  app.use(jsonBodyParser({ limit: config.bodyLimitBytes }));
  // the session cookie (pmt_session) of the browser console
  app.use(cookieParser());
  app.useGlobalFilters(new ProblemJsonFilter());
  setupOpenApi(app);

  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  log.log(`API at ${url}/${API_PREFIX}, docs at ${url}/${DOCS_PATH}`);
  if (consoleServed) log.log(`console at ${url}/`);
  else log.log(`console not served: no index.html in ${config.consoleDir} (npm run build builds it)`);
  return { app, config, port, url, close: () => app.close() };
}
