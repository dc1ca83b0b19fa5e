import { CodedError } from '@pmt/kernel';
import { ErrorCode, type NatsConnection } from 'nats';
import { decodeReply, encodeJson } from './json';
import type { Reply } from './contract';
import { errorFromBody, isReply } from './reply';
import { errorText } from './logger';
import { natsErrorCode } from './nats-errors';

export const SERVICE_UNAVAILABLE = 'SERVICE.UNAVAILABLE';
export const BAD_REPLY = 'MESSAGING.BAD_REPLY';

/**
 * Request/reply over a raw nats connection: one shared reply subscription (the client's muxed inbox),
 * JSON in and out, nothing else per request.
 */
export class NatsRequester {
  constructor(
    private readonly nc: NatsConnection,
    private readonly defaultTimeoutMs = 5_000,
  ) {}

  /** The reply's value; throws the CodedError of a failed reply, or SERVICE.UNAVAILABLE (kind 'unavailable'). */
  async request<T>(subject: string, payload: unknown, timeoutMs = this.defaultTimeoutMs): Promise<T> {
    const reply = await this.requestReply<T>(subject, payload, timeoutMs);
    if (reply.ok) return reply.value;
    throw errorFromBody(reply.error);
  }

  /** The Reply itself, for callers that pass failures on as data; transport failures still throw. */
  async requestReply<T>(subject: string, payload: unknown, timeoutMs = this.defaultTimeoutMs): Promise<Reply<T>> {
    let data: Uint8Array;
    try {
      data = (await this.nc.request(subject, encodeJson(payload), { timeout: timeoutMs })).data;
    } catch (e) {
      throw unavailable(subject, e, timeoutMs);
    }
    let reply: unknown;
    try {
      reply = decodeReply(data);
    } catch {
      reply = undefined;
    }
    if (!isReply(reply)) throw new CodedError(BAD_REPLY, 'internal', `the answer on ${subject} is not a Reply`, { subject });
    return reply as Reply<T>;
  }
}

function unavailable(subject: string, e: unknown, timeoutMs: number): CodedError {
  const code = natsErrorCode(e);
  if (code === ErrorCode.NoResponders) {
    return new CodedError(SERVICE_UNAVAILABLE, 'unavailable', `no service answers on ${subject}`, { subject, reason: 'no-responders' });
  }
  if (code === ErrorCode.Timeout) {
    return new CodedError(SERVICE_UNAVAILABLE, 'unavailable', `no answer on ${subject} within ${timeoutMs} ms`, { subject, reason: 'timeout', timeoutMs });
  }
  return new CodedError(SERVICE_UNAVAILABLE, 'unavailable', `cannot reach the service on ${subject}: ${errorText(e)}`, {
    subject,
    reason: code ?? 'error',
  });
}
