/**
 * The kind decides the HTTP status at the gateway, in one place:
 * invalid 400, unauthorized 401, forbidden 403, not-found 404, conflict 409,
 * precondition 412, unprocessable 422, unavailable 503, internal 500.
 * unprocessable: well-formed, but it contradicts what was sent before (an Idempotency-Key reused with another body).
 */
export const ERROR_KINDS = [
  'invalid',
  'unauthorized',
  'forbidden',
  'not-found',
  'conflict',
  'precondition',
  'unprocessable',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface FieldError {
  path: string;
  message: string;
}

/** Wire form of an expected failure; survives NATS as plain JSON. */
export interface ErrorBody {
  code: string;
  kind: ErrorKind;
  message: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

/** An expected failure with a stable code (`MOU.NOT_SIGNABLE`); identity is the code, not the class. */
export class CodedError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'CodedError';
  }

  toBody(): ErrorBody {
    return { code: this.code, kind: this.kind, message: this.message, errors: this.errors, details: this.details };
  }
}

export function isCodedError(e: unknown): e is CodedError {
  return e instanceof CodedError || (!!e && typeof e === 'object' && typeof (e as CodedError).code === 'string' && typeof (e as CodedError).kind === 'string');
}

export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new CodedError(code, 'conflict', message, details);
export const invalid = (code: string, message: string, errors?: FieldError[]) => new CodedError(code, 'invalid', message, undefined, errors ?? []);
export const notFound = (code: string, message: string) => new CodedError(code, 'not-found', message);
