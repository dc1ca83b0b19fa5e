import { OrganisationQueries } from '@pmt/contracts-partners';
import type { QueryMessage, Reply } from '@pmt/messaging';
import { JSONCodec, type NatsConnection, type Subscription } from 'nats';

/**
 * For specs of a service that checks organisations (organisation-check.ts) without running partners: answers
 * `partners.organisation.get` on `nc` as partners would. `statuses` says what partners knows besides "active":
 * id -> status, or null for nobody registered it.
 */
export function answerOrganisations(nc: NatsConnection, statuses: ReadonlyMap<string, string | null> = new Map()): Subscription {
  const codec = JSONCodec<QueryMessage<{ id: string }> | Reply>();
  return nc.subscribe(OrganisationQueries.get, {
    callback: (_, msg) => {
      const { id } = (codec.decode(msg.data) as QueryMessage<{ id: string }>).params;
      const status = statuses.has(id) ? statuses.get(id) : 'active';
      const reply: Reply = status
        ? { ok: true, value: { id, status, version: 1 } }
        : { ok: false, error: { code: 'ORGANISATION.NOT_FOUND', kind: 'not-found', message: `no organisation with id ${id}` } };
      msg.respond(codec.encode(reply));
    },
  });
}
