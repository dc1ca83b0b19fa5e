import { Logger } from '@nestjs/common';
import { CodedError, isCodedError, type ErrorBody } from '@pmt/kernel';
import type { Reply } from './contract';
import { errorStack, errorText, type MessagingLogger } from './logger';

/** What a caller sees for a failure nobody expected; the detail stays in the service's log. */
export const INTERNAL_ERROR: ErrorBody = Object.freeze({ code: 'INTERNAL', kind: 'internal', message: 'internal error' });

export interface ReplyContext {
  /** Put in the log line of an unexpected error, so that it can be found from the caller's side. */
  correlationId?: string;
  subject?: string;
  logger?: MessagingLogger;
}

const defaultLogger = new Logger('Messaging');

export function isReply(value: unknown): value is Reply {
  if (!value || typeof value !== 'object') return false;
  const r = value as { ok?: unknown; error?: unknown };
  return r.ok === true || (r.ok === false && !!r.error && typeof r.error === 'object');
}

/** The wire body of a coded error; undefined fields are left out. */
export function codedErrorBody(e: CodedError | ErrorBody): ErrorBody {
  const body: ErrorBody = { code: e.code, kind: e.kind, message: e.message };
  if (e.errors !== undefined) body.errors = e.errors;
  if (e.details !== undefined) body.details = e.details;
  return body;
}

/** A thrown value as a failed Reply: coded errors keep their body, anything else is logged and becomes INTERNAL. */
export function errorReply(error: unknown, context: ReplyContext = {}): { ok: false; error: ErrorBody } {
  if (isCodedError(error)) return { ok: false, error: codedErrorBody(error) };
  const where = [context.subject && `on ${context.subject}`, `correlation ${context.correlationId ?? 'unknown'}`].filter(Boolean).join(', ');
  (context.logger ?? defaultLogger).error(`unexpected error (${where}): ${errorText(error)}`, errorStack(error));
  return { ok: false, error: { ...INTERNAL_ERROR } };
}

/**
 * Runs a handler and answers with a Reply: its value, its CodedError's body, or INTERNAL.
 * Pass the incoming message as context: its `correlationId` goes into the log line.
 */
export async function replyOf<T>(fn: () => T | Promise<T>, context?: ReplyContext): Promise<Reply<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return errorReply(e, context);
  }
}

/** The CodedError a failed Reply stands for, to be thrown on the caller's side. */
export function errorFromBody(body: ErrorBody): CodedError {
  return new CodedError(body.code, body.kind, body.message, body.details, body.errors);
}
