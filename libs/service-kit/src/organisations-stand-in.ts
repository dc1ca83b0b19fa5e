import { ORGANISATION_PREFIX, OrganisationQueries, OrganisationStatusQuery } from '@pmt/contracts-partners';
import type { QueryMessage, Reply } from '@pmt/messaging';
import { JSONCodec, type NatsConnection, type Subscription } from 'nats';

/**
 * For specs of a service that checks organisations (organisation-check.ts) without running partners: answers
 * `partners.organisation.statuses` and `partners.organisation.get` on `nc` as partners would. `statuses` says what
 * partners knows besides "active": id -> status, or null for nobody registered it.
 */
export function answerOrganisations(nc: NatsConnection, statuses: ReadonlyMap<string, string | null> = new Map()): Subscription {
  const codec = JSONCodec<QueryMessage<{ id?: string; ids?: string[] }> | Reply>();
  const statusOf = (id: string) => (statuses.has(id) ? statuses.get(id) : 'active');
  return nc.subscribe(`${ORGANISATION_PREFIX}.*`, {
    callback: (_, msg) => {
      const { params } = codec.decode(msg.data) as QueryMessage<{ id?: string; ids?: string[] }>;
      let reply: Reply;
      if (msg.subject === OrganisationStatusQuery) {
        reply = {
          ok: true,
          value: (params.ids ?? []).flatMap((id) => {
            const status = statusOf(id);
            return status ? [{ id, status }] : [];
          }),
        };
      } else if (msg.subject === OrganisationQueries.get) {
        const id = String(params.id);
        const status = statusOf(id);
        reply = status
          ? { ok: true, value: { id, status, version: 1 } }
          : { ok: false, error: { code: 'ORGANISATION.NOT_FOUND', kind: 'not-found', message: `no organisation with id ${id}` } };
      } else {
        return;
      }
      msg.respond(codec.encode(reply));
    },
  });
}
