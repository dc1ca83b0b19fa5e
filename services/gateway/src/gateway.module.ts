import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { JwtAuthGuard } from '@pmt/http';
import { systemClock, type Clock } from '@pmt/kernel';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as PinoRoot } from 'pino';
import { AuditReads } from './api/common/audit';
import { Forwarder } from './api/common/forwarder';
import { GATEWAY_CONFIG_KEY, type GatewayConfig } from './config';
import { HealthController } from './api/health/health.controller';
import { MousController } from './api/mous/mous.controller';
import { OrganisationCheck } from './api/common/organisation-check';
import { OrganisationsController } from './api/organisations/organisations.controller';
import { GrantsController } from './api/grants/grants.controller';
import { PartnershipController, PortfolioController } from './api/partnership/partnership.controller';
import { ProposalsController } from './api/proposals/proposals.controller';
import { ActivitiesController } from './api/activities/activities.controller';
import { CalendarController } from './api/calendar/calendar.controller';
import { NotificationsController } from './api/notifications/notifications.controller';
import { TransportModule } from './infra/nats/transport.module';
import { AuditEventsController } from './api/audit/events.controller';
import { AuditEventsReader } from './api/audit/events.reader';
import { SealsController } from './api/audit/seals.controller';
import { SessionModule } from './accounts/session/session.module';

@Module({})
export class GatewayModule {
  /** The pino-http middleware is mounted by `createGatewayApp` ahead of body parsing, so `useExisting` here. */
  static forRoot(config: GatewayConfig, logger: PinoRoot, clock: Clock = systemClock): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ [GATEWAY_CONFIG_KEY]: config })] }),
        LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true }),
        JwtModule.registerAsync({
          inject: [ConfigService],
          useFactory: (c: ConfigService) => {
            // A KeyObject made once: given the string, jsonwebtoken derives a key on every verify (~0.47 ms vs 0.012 ms here)
            const gateway = c.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY);
            const key = createSecretKey(Buffer.from(gateway.jwtSecret, 'utf8'));
            return {
              secretOrKeyProvider: () => key,
              signOptions: { algorithm: 'HS256' },
              verifyOptions: {
                algorithms: ['HS256'],
                ...(gateway.jwtIssuer && { issuer: gateway.jwtIssuer }),
                ...(gateway.jwtAudience && { audience: gateway.jwtAudience }),
              },
            };
          },
        }),
        TerminusModule.forRoot({ logger: false }),
        TransportModule,
        SessionModule.forRoot(clock, config),
      ],
      controllers: [
        OrganisationsController,
        MousController,
        ProposalsController,
        GrantsController,
        PartnershipController,
        PortfolioController,
        ActivitiesController,
        NotificationsController,
        CalendarController,
        HealthController,
        AuditEventsController,
        SealsController,
      ],
      providers: [Forwarder, AuditReads, AuditEventsReader, OrganisationCheck, { provide: APP_GUARD, useClass: JwtAuthGuard }],
    };
  }
}
