import { CodedError, ERROR_KINDS, type ErrorBody, type ErrorKind } from '@pmt/kernel';
import { ErrorCode, type NatsConnection } from 'nats';
import type { NatsConnectionSource } from './background-connection';
import { decodeReply, encodeJson } from './json';
import type { Reply } from './contract';
import { isReply } from './reply';
import { errorText } from './logger';
import { natsErrorCode } from './nats-errors';

export const SERVICE_UNAVAILABLE = 'SERVICE.UNAVAILABLE';
export const BAD_REPLY = 'MESSAGING.BAD_REPLY';

/**
 * Request/reply over a nats connection: one shared reply subscription (the client's muxed inbox), JSON in and out,
 * nothing else per request (no stack trace either: see `noAsyncTraces` in nats-connection.ts). The connection is
 * a fixed one, or a source whose connection may be away (then every request is SERVICE.UNAVAILABLE at once).
 */
export class NatsRequester {
  private readonly source: NatsConnectionSource | undefined;

  constructor(
    private readonly connection: NatsConnection | NatsConnectionSource,
    private readonly defaultTimeoutMs = 5_000,
  ) {
    this.source = 'current' in connection ? connection : undefined;
  }

  /** The reply's value; throws the CodedError of a failed reply, or SERVICE.UNAVAILABLE (kind 'unavailable'). */
  async request<T>(subject: string, payload: unknown, timeoutMs = this.defaultTimeoutMs): Promise<T> {
    const reply = await this.requestReply<T>(subject, payload, timeoutMs);
    if (reply.ok) return reply.value;
    throw errorOfReply(subject, reply.error);
  }

  /** The Reply itself, for callers that pass failures on as data; transport failures still throw. */
  async requestReply<T>(subject: string, payload: unknown, timeoutMs = this.defaultTimeoutMs): Promise<Reply<T>> {
    const nc = this.source ? this.source.current() : (this.connection as NatsConnection);
    if (!nc) throw unavailable(subject, `cannot be reached: the ${this.source?.name} is not connected to NATS`, { reason: 'not-connected' });
    let data: Uint8Array;
    try {
      data = (await nc.request(subject, encodeJson(payload), { timeout: timeoutMs })).data;
    } catch (e) {
      throw transportFailure(subject, e, timeoutMs);
    }
    let reply: unknown;
    try {
      reply = decodeReply(data);
    } catch {
      throw new CodedError(BAD_REPLY, 'internal', `the answer on ${subject} is not JSON`, { subject });
    }
    if (!isReply(reply)) throw new CodedError(BAD_REPLY, 'internal', `the answer on ${subject} is not a Reply`, { subject });
    return reply as Reply<T>;
  }
}

/** The service is the subject's first token (`mous.mou.create`): what a 503's message names. */
const serviceOf = (subject: string) => subject.split('.')[0];

const unavailable = (subject: string, why: string, details: Record<string, unknown>) =>
  new CodedError(SERVICE_UNAVAILABLE, 'unavailable', `The ${serviceOf(subject)} service ${why}`, { subject, ...details });

function transportFailure(subject: string, e: unknown, timeoutMs: number): CodedError {
  const code = natsErrorCode(e);
  if (code === ErrorCode.NoResponders) return unavailable(subject, 'is not running (no responders)', { reason: 'no-responders' });
  if (code === ErrorCode.Timeout) return unavailable(subject, `did not answer within ${timeoutMs} ms`, { reason: 'timeout', timeoutMs });
  return unavailable(subject, 'cannot be reached', { reason: code ?? 'error', error: errorText(e) });
}

/**
 * A failed Reply's error body back into a CodedError. A body without code or message is the service's fault
 * (BAD_REPLY), and a kind the kernel does not know becomes 'internal' rather than a status nobody expects.
 */
function errorOfReply(subject: string, body: Partial<ErrorBody>): CodedError {
  if (typeof body.code !== 'string' || typeof body.message !== 'string') {
    return new CodedError(BAD_REPLY, 'internal', `malformed error reply on ${subject}`, { subject });
  }
  const kind = ERROR_KINDS.includes(body.kind as ErrorKind) ? (body.kind as ErrorKind) : 'internal';
  return new CodedError(body.code, kind, body.message, body.details, body.errors);
}
