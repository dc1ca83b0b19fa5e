import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@pmt/http';
import { isCodedError, isUuid, type FieldError } from '@pmt/kernel';
import { Forwarder } from '../common/forwarder';
import { ORGANISATION, querySubject } from '../../infra/nats/subjects';

/**
 * An MOU between organisations nobody registered is a typo waiting to be signed: before forwarding a create the
 * gateway asks partners about every party, and names each unknown one as a field error.
 */
@Injectable()
export class PartyCheck {
  constructor(@Inject(Forwarder) private readonly forward: Forwarder) {}

  /** Works on the raw body so its errors join the schema's in one 400; ids that are not UUIDs are the schema's to report. */
  async check(rawBody: unknown, ctx: RequestContext): Promise<FieldError[]> {
    const parties = (rawBody as { parties?: unknown } | null)?.parties;
    if (!Array.isArray(parties)) return [];
    const ids = parties.map((p) => (p as { organisationId?: unknown } | null)?.organisationId);
    const unique = [...new Set(ids.filter(isUuid))];
    const verdicts = new Map<string, string | null>(
      await Promise.all(unique.map(async (id) => [id, await this.verdict(id, ctx)] as const)),
    );
    const errors: FieldError[] = [];
    ids.forEach((id, i) => {
      const message = isUuid(id) ? verdicts.get(id) : null;
      if (message) errors.push({ path: `parties[${i}].organisationId`, message });
    });
    return errors;
  }

  /** null when the organisation can be a party; else why not. Unavailability is not the caller's fault: it propagates (503). */
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
