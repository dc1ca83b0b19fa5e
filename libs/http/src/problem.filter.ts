import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isCodedError, type CodedError } from '@pmt/kernel';
import type { Request, Response } from 'express';
import { correlationIdOf } from './correlation';
import { problem, PROBLEM_CONTENT_TYPE, ProblemException, statusForKind, type Problem } from './problem';

export const WWW_AUTHENTICATE_REALM = 'pmt';

function fromCodedError(e: CodedError): Problem {
  const status = statusForKind(e.kind);
  // Internals (stack, SQL, hosts) never leave the process: a 500 says only that it happened.
  if (status >= 500 && status !== 503) return problem(status, 'An internal error occurred; it has been logged', { code: 'INTERNAL' });
  const body = problem(status, e.message, { code: e.code });
  if (e.kind === 'invalid' || e.kind === 'unprocessable') body.errors = e.errors ?? [];
  if (e.details && status < 500) body.details = e.details;
  return body;
}

function fromHttpException(e: HttpException, req: Request): Problem {
  if (e instanceof ProblemException) return e.problem;
  const status = e.getStatus();
  if (status === 404) return problem(404, `No route for ${req.method} ${req.path}`, { code: 'ROUTE.NOT_FOUND' });
  const response = e.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : typeof (response as { message?: unknown }).message === 'string'
        ? (response as { message: string }).message
        : e.message;
  return problem(status, status >= 500 ? 'An internal error occurred; it has been logged' : message);
}

function wwwAuthenticate(p: Problem): string {
  const error = p.code === 'AUTH.MISSING_TOKEN' ? '' : `, error="invalid_token", error_description="${p.detail.replace(/"/g, "'")}"`;
  return `Bearer realm="${WWW_AUTHENTICATE_REALM}"${error}`;
}

/** Every error leaves as application/problem+json (RFC 9457): no HTML pages, no framework-shaped JSON. */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemJsonFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();

    let body: Problem;
    if (isCodedError(exception)) body = fromCodedError(exception);
    else if (exception instanceof HttpException) body = fromHttpException(exception, req);
    else body = problem(500, 'An internal error occurred; it has been logged', { code: 'INTERNAL' });

    if (body.status >= 500 && body.status !== 503) this.logger.error({ err: exception, path: req.path }, 'request failed');

    if (res.headersSent) {
      res.end();
      return;
    }
    const correlationId = correlationIdOf(req);
    if (!res.getHeader('X-Correlation-Id')) res.setHeader('X-Correlation-Id', correlationId);
    if (body.status === 401) res.setHeader('WWW-Authenticate', wwwAuthenticate(body));
    if (exception instanceof ProblemException) for (const [k, v] of Object.entries(exception.headers)) res.setHeader(k, v);
    body.instance ??= req.originalUrl ?? req.url;
    res
      .status(body.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...body, correlationId }));
  }
}
