import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import {
  NatsContext,
  Transport,
  type Deserializer,
  type IncomingEvent,
  type IncomingRequest,
  type MicroserviceOptions,
  type Serializer,
} from '@nestjs/microservices';
import { isCodedError } from '@pmt/kernel';
import { of, type Observable } from 'rxjs';
import type { Reply } from './contract';
import { decodeJson, encodeJson, encodeReply } from './json';
import { natsAuthFromEnv } from './nats-auth';
import { natsConnectionDefaults } from './nats-connection';
import { INTERNAL_ERROR, codedErrorBody, errorReply, isReply } from './reply';

/**
 * Requests arrive as the plain JSON body, with no `{ pattern, data, id }` packet around it, so any NATS
 * client can call a service. A message with a reply subject is a request (its reply subject serves as
 * Nest's id); one without is an event.
 */
export class PlainJsonDeserializer implements Deserializer<Uint8Array, IncomingRequest | IncomingEvent> {
  deserialize(value: Uint8Array, options?: Record<string, unknown>): IncomingRequest | IncomingEvent {
    const pattern = options?.channel as string;
    const replyTo = options?.replyTo as string | undefined;
    // Never throw here: Nest calls this from an un-awaited subscription callback.
    let data: unknown;
    try {
      data = decodeJson(value);
    } catch {
      data = Buffer.from(value).toString('utf8');
    }
    return replyTo ? { pattern, data, id: replyTo } : { pattern, data };
  }
}

interface OutgoingPacket {
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/**
 * Replies go out as the plain JSON Reply. A handler's return value that is not a Reply yet is wrapped
 * as `{ ok: true, value }`; an error that got past the handler becomes its coded body or INTERNAL.
 */
export class ReplyJsonSerializer implements Serializer<OutgoingPacket, { data: Uint8Array }> {
  /** `maxBytes`: the largest reply NATS will carry (the server's max_payload, 1 MiB unless configured otherwise). */
  constructor(private readonly maxBytes = DEFAULT_MAX_REPLY_BYTES) {}

  serialize(packet: OutgoingPacket): { data: Uint8Array } {
    if (packet.err !== undefined) {
      return { data: encodeJson({ ok: false, error: isCodedError(packet.err) ? codedErrorBody(packet.err) : INTERNAL_ERROR }) };
    }
    if ('response' in packet) {
      const data = encodeReply(isReply(packet.response) ? packet.response : { ok: true, value: packet.response });
      // Publishing it would throw MAX_PAYLOAD_EXCEEDED outside any handler and take the process down
      return data.byteLength <= this.maxBytes ? { data } : { data: encodeJson(tooLarge(data.byteLength, this.maxBytes)) };
    }
    // A bare end-of-stream packet: the caller has had its answer already and ignores this empty one.
    return { data: encodeJson(undefined) };
  }
}

/** NATS's default max_payload, less room for headers. */
export const DEFAULT_MAX_REPLY_BYTES = 1024 * 1024 - 4096;

function tooLarge(bytes: number, max: number): Reply {
  return {
    ok: false,
    error: {
      code: 'REPLY.TOO_LARGE',
      kind: 'invalid',
      message: `the answer would be ${bytes} bytes, more than the ${max} a message may carry; ask for less (a smaller limit or a narrower filter)`,
    },
  };
}

export interface NatsTransportOverrides {
  /** Connection name shown by the server; default `<queue>-rpc`. */
  name?: string;
  /** Wait for in-flight handlers on shutdown after unsubscribing; default 500 ms (a caller that loses its reply retries with the same commandId). */
  gracePeriod?: number;
  [option: string]: unknown;
}

/**
 * Options for `app.connectMicroservice` / `NestFactory.createMicroservice`: NATS with a queue group, so
 * that instances of one service share the requests, and plain JSON both ways.
 */
export function natsTransportOptions(url: string | string[], queue: string, overrides: NatsTransportOverrides = {}): MicroserviceOptions {
  return {
    transport: Transport.NATS,
    options: {
      ...natsConnectionDefaults,
      // the process's own NATS user: answering needs only its subjects and the responses the server allows
      ...natsAuthFromEnv(),
      servers: url,
      queue,
      name: `${queue}-rpc`,
      serializer: new ReplyJsonSerializer(),
      deserializer: new PlainJsonDeserializer(),
      gracefulShutdown: true,
      gracePeriod: 500,
      ...overrides,
    },
  };
}

/**
 * Optional global filter (`app.useGlobalFilters(new ReplyExceptionFilter())`): lets @MessagePattern
 * handlers throw instead of using replyOf. Coded errors keep their body; others are logged with the
 * message's correlationId and answered as INTERNAL.
 */
@Catch()
export class ReplyExceptionFilter implements RpcExceptionFilter<unknown, Reply<never>> {
  catch(exception: unknown, host: ArgumentsHost): Observable<Reply<never>> {
    const rpc = host.switchToRpc();
    const data = rpc.getData<{ correlationId?: unknown } | undefined>();
    const context = rpc.getContext<unknown>();
    return of(
      errorReply(exception, {
        correlationId: data && typeof data === 'object' && typeof data.correlationId === 'string' ? data.correlationId : undefined,
        subject: context instanceof NatsContext ? context.getSubject() : undefined,
      }),
    );
  }
}
