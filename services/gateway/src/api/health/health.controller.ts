import { Controller, Get, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorResult } from '@nestjs/terminus';
import { ApiProblemResponses, problem, ProblemException, Public } from '@pmt/http';
import { newId } from '@pmt/kernel';
import { GATEWAY_CONFIG_KEY, type GatewayConfig } from '../../config';
import { BackgroundNatsConnection, NatsRequester, type QueryMessage } from '@pmt/messaging';
import { HEALTH_SUBJECTS } from '../../infra/nats/subjects';

interface ServiceHealth {
  status: 'up' | 'down';
  checks?: Record<string, 'up' | 'down'>;
}

/** Outside /api/v1 and public: orchestrators probe these without tokens. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('Health');
  private readonly timeoutMs: number;

  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(NatsRequester) private readonly nats: NatsRequester,
    @Inject(BackgroundNatsConnection) private readonly connection: BackgroundNatsConnection,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.timeoutMs = config.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY).healthTimeoutMs;
  }

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ description: 'Always, while the process runs' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'NATS is connected and every service (and its stores) answers up within the health timeout' })
  @ApiOkResponse({ description: 'Ready' })
  @ApiProblemResponses(503)
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        async () => this.natsIndicator(),
        ...Object.entries(HEALTH_SUBJECTS).map(
          ([name, subject]) =>
            () =>
              this.serviceIndicator(name, subject),
        ),
      ]);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const result = e.getResponse() as HealthCheckResult;
      const down = Object.keys(result.error ?? {});
      this.logger.warn({ down }, 'not ready');
      throw new ProblemException(problem(503, `Not ready: ${down.join(', ')} down`, { code: 'HEALTH.NOT_READY', checks: result.details }));
    }
  }

  private natsIndicator(): HealthIndicatorResult {
    const check = this.indicators.check('nats');
    return this.connection.isConnected() ? check.up() : check.down({ message: 'not connected' });
  }

  /** Up only when the service answers in time, says up, and so do all its own checks (event store, read models). */
  private async serviceIndicator(name: string, subject: string): Promise<HealthIndicatorResult> {
    const check = this.indicators.check(name);
    const message: QueryMessage = { actor: 'gateway', correlationId: newId(), params: {} };
    try {
      const reply = await this.nats.request<ServiceHealth>(subject, message, this.timeoutMs);
      const checks = reply?.checks ?? {};
      const allUp = reply?.status === 'up' && Object.values(checks).every((c) => c === 'up');
      return allUp ? check.up({ checks }) : check.down({ checks });
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }
}
