import { Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, problem, ProblemException, ReqContext, Roles, type RequestContext } from '@pmt/http';
import { errorText } from '@pmt/messaging';
import type { SealReply } from '@pmt/service-kit';
import { Forwarder } from '../common/forwarder';
import { API_PREFIX } from '../common/schemas';
import { HEALTH_SUBJECTS } from '../../infra/nats/subjects';

/** Every service that keeps event streams, and so seals. */
const SEALING_SERVICES = Object.keys(HEALTH_SUBJECTS);

@ApiTags('audit')
@ApiBearerAuth()
@Controller(`${API_PREFIX}/audit/seals`)
export class SealsController {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Admins only: every service seals the heads of its streams that moved since its last seal, now (they also do every SEAL_INTERVAL). `sealId` null: nothing had moved.',
  })
  @ApiOkResponse({ description: '`{ seals: [{ service, sealId, sealedAt, streams, root, refused }] }`, one entry per service' })
  @ApiProblemResponses(401, 403, 503)
  async seal(@ReqContext() ctx: RequestContext): Promise<{ seals: SealReply[] }> {
    const answers = await Promise.allSettled(SEALING_SERVICES.map((service) => this.forward.query<SealReply>(`${service}.audit.seal`, ctx, {})));
    const seals = answers.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const failed = answers.flatMap((a, i) => (a.status === 'rejected' ? [{ service: SEALING_SERVICES[i], detail: errorText(a.reason) }] : []));
    // The services that answered have sealed; the 503 says which did not, so that the caller asks again.
    if (failed.length > 0) {
      throw new ProblemException(
        problem(503, `Not sealed: ${failed.map((f) => f.service).join(', ')} did not answer`, { code: 'AUDIT.SEAL_INCOMPLETE', seals, failed } as never),
      );
    }
    return { seals };
  }
}
