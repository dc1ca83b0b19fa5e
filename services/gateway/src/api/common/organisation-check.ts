import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@pmt/http';
import { isCodedError, isUuid, type FieldError } from '@pmt/kernel';
import type { OrganisationRef } from '@pmt/service-kit';
export type { OrganisationRef } from '@pmt/service-kit';
import { Forwarder } from './forwarder';
import { ORGANISATION, querySubject } from '../../infra/nats/subjects';

// Left here only until proposals, funding and events check their references themselves (mous does: service-kit's organisationErrors).
export { refsOf } from '@pmt/service-kit';

/**
 * An MOU, proposal or grant naming an organisation nobody registered is a typo waiting to be signed or paid:
 * before forwarding, the gateway asks partners about every referenced organisation and names each unknown or
 * archived one as a field error, so its errors join the schema's in one 400.
 */
@Injectable()
export class OrganisationCheck {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  /** Ids that are not UUIDs are the schema's to report and are skipped here. */
  async check(refs: OrganisationRef[], ctx: RequestContext): Promise<FieldError[]> {
    const unique = [...new Set(refs.map((r) => r.id).filter(isUuid))];
    const verdicts = new Map<string, string | null>(await Promise.all(unique.map(async (id) => [id, await this.verdict(id, ctx)] as const)));
    return refs.flatMap((r) => {
      const message = isUuid(r.id) ? verdicts.get(r.id) : null;
      return message ? [{ path: r.path, message }] : [];
    });
  }

  /** null when the organisation can be referenced; else why not. Unavailability is not the caller's fault: it propagates (503). */
  private async verdict(id: string, ctx: RequestContext): Promise<string | null> {
    try {
      const org = await this.forward.query<{ status?: unknown } | null>(querySubject(ORGANISATION, 'get'), ctx, { id });
      if (!org) return 'no organisation has this id';
      return org.status === 'archived' ? 'this organisation is archived' : null;
    } catch (e) {
      if (isCodedError(e) && e.kind === 'not-found') return 'no organisation has this id';
      throw e;
    }
  }
}
