import type { IncomingMessage, ServerResponse } from 'node:http';
import { newId } from '@pmt/kernel';

export const CORRELATION_HEADER = 'x-correlation-id';

const ACCEPTABLE = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's correlation id when it is a sane token, else a fresh one (a bad header is not worth a 400). */
export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && ACCEPTABLE.test(value) ? value : newId();
}

/** For pino-http's `genReqId`: the request id is the correlation id, echoed to the caller. */
export function assignCorrelationId(req: IncomingMessage, res: ServerResponse): string {
  const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
  res.setHeader('X-Correlation-Id', id);
  return id;
}

/** The correlation id given to this request (pino-http stores it as `req.id`). */
export function correlationIdOf(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const id = correlationIdFrom(req.headers[CORRELATION_HEADER]);
  (req as { id?: unknown }).id = id;
  return id;
}
