import { NatsError } from 'nats';

/** The client-side code of a NatsError (`TIMEOUT`, `503`...), else undefined. */
export function natsErrorCode(e: unknown): string | undefined {
  return e instanceof NatsError ? e.code : undefined;
}

/** The JetStream API's own error code (10059 stream not found...), else undefined. */
export function jsApiErrorCode(e: unknown): number | undefined {
  return e instanceof NatsError ? e.api_error?.err_code : undefined;
}

export const JS_STREAM_NOT_FOUND = 10059;
export const JS_STREAM_NAME_IN_USE = 10058;
export const JS_CONSUMER_NOT_FOUND = 10014;
