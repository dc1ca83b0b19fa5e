import { HttpException } from '@nestjs/common';
import type { ErrorKind, FieldError } from '@pmt/kernel';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details; extensions sit beside the standard members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  precondition: 412,
  unprocessable: 422,
  unavailable: 503,
  internal: 500,
};

export function statusForKind(kind: string): number {
  return STATUS_BY_KIND[kind as ErrorKind] ?? 500;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function titleForStatus(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** `about:blank` means "the status code says it all"; a code gives a stable, documented type instead. */
export function problemType(code?: string): string {
  return code ? `urn:pmt:problem:${code}` : 'about:blank';
}

export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemType(extra.code), title: titleForStatus(status), status, detail, ...extra };
}

/** An HTTP error that already knows its problem body (used where no CodedError kind fits, e.g. 413, 503 readiness). */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem, problem.status);
  }
}
