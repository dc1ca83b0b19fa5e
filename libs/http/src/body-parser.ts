import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ILL_FORMED_TEXT_MESSAGE, illFormedTextPaths } from '@pmt/kernel';
import { problem, ProblemException } from './problem';
import { MAX_BODY_DEPTH, nestsDeeperThan, UNSAFE_TEXT_MESSAGE, unsafeTextPaths } from './text-safety';

export interface JsonBodyOptions {
  /** Bytes; default 1 MiB. */
  limit?: number;
}

interface BodyParserError {
  type?: string;
  status?: number;
}

function toProblem(err: BodyParserError & Error, limit: number): ProblemException {
  switch (err.type) {
    case 'entity.too.large':
      return new ProblemException(problem(413, `The request body is larger than ${limit} bytes`, { code: 'REQUEST.TOO_LARGE' }));
    case 'entity.parse.failed':
      return new ProblemException(problem(400, 'The request body is not valid JSON', { code: 'REQUEST.MALFORMED_JSON' }));
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new ProblemException(problem(415, err.message, { code: 'REQUEST.UNSUPPORTED_ENCODING' }));
    default: {
      const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 400;
      return new ProblemException(problem(status, 'The request body could not be read', { code: 'REQUEST.UNREADABLE_BODY' }));
    }
  }
}

/**
 * The one check of every string and key of every body, before any schema: JSON may carry a lone UTF-16 surrogate
 * (`"\ud800"`), which no store can keep as given (UTF-8 has no place for it), so the events would not hold what
 * was hashed. Likewise control characters and bidirectional overrides (text-safety.ts). Refused with the same 400 as a
 * schema error, naming each field; a body nested deeper than any schema is refused before it is walked.
 */
function illFormedText(body: unknown): ProblemException | undefined {
  if (nestsDeeperThan(body, MAX_BODY_DEPTH)) {
    return new ProblemException(problem(400, `The request body nests deeper than ${MAX_BODY_DEPTH} levels`, { code: 'REQUEST.TOO_DEEP' }));
  }
  // Control characters and bidirectional overrides are refused here too, once for every field of every body.
  const errors = [
    ...illFormedTextPaths(body).map((path) => ({ path: path || '(body)', message: ILL_FORMED_TEXT_MESSAGE })),
    ...unsafeTextPaths(body).map((path) => ({ path: path || '(body)', message: UNSAFE_TEXT_MESSAGE })),
  ];
  if (errors.length === 0) return undefined;
  return new ProblemException(
    problem(400, `The request body has invalid fields: ${errors.map((e) => e.path).join(', ')}`, { code: 'REQUEST.INVALID', errors }),
  );
}

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * JSON only, size-capped, and every failure turned into a problem the exception filter renders; a non-JSON body
 * is refused with 415 instead of being silently ignored.
 */
export function jsonBodyParser(options: JsonBodyOptions = {}): RequestHandler {
  const limit = options.limit ?? 1024 * 1024;
  const parse = json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  return (req: Request, res: Response, next: NextFunction) => {
    const method = req.method.toUpperCase();
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    // A bodiless POST (`signature-request`) is an empty object, so validation speaks of fields, not of a missing body.
    if (!hasBody(req)) {
      req.body = {};
      return next();
    }
    if (!req.is(['application/json', 'application/*+json'])) {
      return next(new ProblemException(problem(415, 'Send the request body as application/json', { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' })));
    }
    parse(req, res, (err?: unknown) => next(err ? toProblem(err as BodyParserError & Error, limit) : illFormedText(req.body)));
  };
}
