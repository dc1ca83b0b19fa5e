import { CodedError, type FieldError } from '@pmt/kernel';
import type { z } from 'zod';

type PathSegment = PropertyKey;

/** `['parties', 1, 'organisationId']` → `parties[1].organisationId`, the form clients see in problem bodies. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** One FieldError per bad field: an unknown-keys issue names each unknown key on its own. */
export function fieldErrorsFromZod(error: z.ZodError, prefix: readonly PathSegment[] = []): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath([...path, key]), message: 'is not a known field' });
    } else {
      out.push({ path: formatPath(path), message: issue.message });
    }
  }
  return out;
}

/** Zod's default for a missing field reads "expected string, received undefined"; clients want "is required". */
const friendlyMessages = (issue: { code?: string; input?: unknown }): string | undefined =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix: readonly PathSegment[] = []): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { error: friendlyMessages });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: fieldErrorsFromZod(result.error, prefix) };
}

/** One error per field (the first found): `1e300` for a month count is "not an integer", not also "too big". */
export function firstErrorPerField(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => !seen.has(e.path) && !!seen.add(e.path));
}

export function validationError(errors: FieldError[], what = 'request'): CodedError {
  const unique = firstErrorPerField(errors);
  const fields = unique.map((e) => e.path || '(body)').join(', ');
  return new CodedError('REQUEST.INVALID', 'invalid', `The ${what} has invalid fields: ${fields}`, undefined, unique);
}

/**
 * Parses or throws a CodedError of kind 'invalid' naming every bad field: the gateway parses a request body with
 * it, a service its message's data with the same schema, so both answer the same 400.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what = 'request body'): z.output<S> {
  const result = parseWith(schema, input);
  if (!result.ok) throw validationError(result.errors, what);
  return result.value;
}
