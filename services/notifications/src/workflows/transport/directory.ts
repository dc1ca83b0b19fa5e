import { MouQueries } from '@pmt/contracts-mous';
import { OrganisationQueries } from '@pmt/contracts-partners';
import { ProposalQueries } from '@pmt/contracts-proposals';
import { isCodedError, newId } from '@pmt/kernel';
import type { NatsRequester } from '@pmt/messaging';

/** The actor of the workflows' queries and of the notifications they request. */
export const WORKFLOWS_ACTOR = 'system:workflows';

/**
 * The other services' current state, asked over NATS request/reply: the parties' contacts (partners), and the
 * MOU or proposal a reminder is about, checked when the reminder fires. An unknown id answers null; a service
 * that does not answer throws (SERVICE.UNAVAILABLE), so the caller tries again later.
 */
export class Directory {
  constructor(
    private readonly requester: NatsRequester,
    private readonly timeoutMs = 5_000,
  ) {}

  organisation(id: string): Promise<unknown | null> {
    return this.get(OrganisationQueries.get, id);
  }

  mou(id: string): Promise<unknown | null> {
    return this.get(MouQueries.get, id);
  }

  proposal(id: string): Promise<unknown | null> {
    return this.get(ProposalQueries.get, id);
  }

  private async get(subject: string, id: string): Promise<unknown | null> {
    try {
      return await this.requester.request<unknown>(subject, { actor: WORKFLOWS_ACTOR, correlationId: newId(), params: { id } }, this.timeoutMs);
    } catch (e) {
      if (isCodedError(e) && e.kind === 'not-found') return null;
      throw e;
    }
  }
}
