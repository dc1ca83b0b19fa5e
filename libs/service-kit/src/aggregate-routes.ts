import { CodedError, invalid, isUuid, viewerOf, type DomainEvent } from '@pmt/kernel';
import type { HistoryPoint } from '@pmt/event-sourcing';
import type { CommandMessage, QueryMessage } from '@pmt/messaging';
import type { Filter, Sort } from '@pmt/read-model';
import type { AggregateEndpoint, ListParams } from './endpoint';
import type { Route } from './nats-controller';

interface IdParams {
  id?: string;
}

/** Reads of one aggregate: `<prefix>.get|list|history|state-at|verify|export|export-trailer|diff`. */
export function queryRoutes<C, E extends DomainEvent, S, R>(
  prefix: string,
  endpoint: AggregateEndpoint<C, E, S, R>,
  listQuery: (params: Record<string, unknown>) => { filter: Filter; sort?: Sort },
): Route[] {
  const id = (m: QueryMessage<IdParams>) => requireUuid(m?.params?.id);
  // history, exports and diffs of a confidential aggregate are as absent as its current state to other teams
  const visible = async (m: QueryMessage<IdParams>) => {
    const checked = id(m);
    await endpoint.assertVisible(checked, viewerOf(m));
    return checked;
  };
  return [
    { subject: `${prefix}.get`, handle: (m: QueryMessage<IdParams>) => endpoint.get(id(m), viewerOf(m)) },
    {
      subject: `${prefix}.list`,
      handle: (m: QueryMessage<Record<string, unknown> & ListParams>) => {
        const params = m?.params ?? {};
        const { filter, sort } = listQuery(params);
        return endpoint.list(filter, { limit: params.limit, cursor: params.cursor }, sort, viewerOf(m));
      },
    },
    {
      subject: `${prefix}.history`,
      handle: async (m: QueryMessage<IdParams & { limit?: unknown; cursor?: unknown }>) =>
        endpoint.history.page(await visible(m), { limit: m.params.limit, cursor: m.params.cursor }),
    },
    {
      subject: `${prefix}.state-at`,
      handle: async (m: QueryMessage<IdParams & { asOf?: string; version?: number }>) =>
        endpoint.history.stateAt(await visible(m), { asOf: m.params.asOf, version: m.params.version }),
    },
    { subject: `${prefix}.verify`, handle: async (m: QueryMessage<IdParams>) => endpoint.history.verify(await visible(m)) },
    {
      // one piece of the export file per request; the gateway asks again with nextCursor and streams the pieces.
      // The piece's text goes as UTF-8 bytes after the reply's JSON, not escaped inside it (encodeReply).
      subject: `${prefix}.export`,
      handle: async (m: QueryMessage<IdParams & { format?: string; cursor?: unknown }>) => {
        const format = m.params.format ?? 'json';
        if (format !== 'json' && format !== 'csv')
          throw invalid('HISTORY.FORMAT', 'format must be json or csv', [{ path: 'format', message: 'must be json or csv' }]);
        const piece = await endpoint.history.exportChunk(await visible(m), format, m.params.cursor);
        return { ...piece, chunk: Buffer.from(piece.chunk, 'utf8') };
      },
    },
    {
      subject: `${prefix}.export-trailer`,
      handle: async (m: QueryMessage<IdParams & { toVersion?: unknown; exportedAt?: unknown }>) =>
        endpoint.history.exportTrailer(await visible(m), m.params.toVersion as number, m.params.exportedAt),
    },
    {
      subject: `${prefix}.diff`,
      handle: async (m: QueryMessage<IdParams & { from?: unknown; to?: unknown }>) =>
        endpoint.history.diff(await visible(m), historyPoint(m.params.from, 'from'), historyPoint(m.params.to, 'to')),
    },
  ];
}

/** A command route: the message's data becomes the decider's command; creates get a fresh id. */
export function commandRoute<C, E extends DomainEvent, S, R>(
  subject: string,
  endpoint: AggregateEndpoint<C, E, S, R>,
  toCommand: (message: CommandMessage, context: { id: string; now: string }) => C,
  options: { create?: boolean; newId?: () => string } = {},
): Route {
  return {
    subject,
    handle: (message: CommandMessage) => {
      if (!message || typeof message.commandId !== 'string' || typeof message.actor !== 'string') {
        throw new CodedError('COMMAND.MALFORMED', 'invalid', 'a command needs commandId, actor, correlationId and data');
      }
      const id = options.create ? (options.newId as () => string)() : requireUuid(message.id);
      return endpoint.execute(id, message, (now) => toCommand(message, { id, now }));
    },
  };
}

/** The id in canonical (lower-case) form, so that a NATS caller cannot name one resource by two spellings. */
export function requireUuid(id: unknown): string {
  if (!isUuid(id)) throw invalid('ID.INVALID', 'the id must be a UUID', [{ path: 'id', message: 'must be a UUID' }]);
  return id.toLowerCase();
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A diff bound: a whole number is a version, anything else must be a UTC instant or one with an offset. */
export function historyPoint(value: unknown, path: string): HistoryPoint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 1) return { version: value };
  if (typeof value === 'string' && /^[0-9]{1,15}$/.test(value) && Number(value) >= 1) return { version: Number(value) };
  if (typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return { asOf: value };
  throw invalid('HISTORY.INVALID_POINT', `${path} must be a version or an instant`, [
    { path, message: value === undefined ? 'is required' : 'must be a version (a whole number from 1) or an instant like 2025-01-07T07:00:00Z' },
  ]);
}
