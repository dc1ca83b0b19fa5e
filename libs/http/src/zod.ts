import type { PipeTransform } from '@nestjs/common';
import { parseOrThrow } from '@pmt/contracts-common';
import type { z } from 'zod';

// Parsing and its field errors are the contracts' (the services parse their messages with the same code).
export { fieldErrorsFromZod, firstErrorPerField, formatPath, parseOrThrow, parseWith, validationError, type ParseResult } from '@pmt/contracts-common';

/** `@Body(new ZodPipe(schema))`, `@Query(new ZodPipe(schema, 'query'))`. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    readonly schema: S,
    private readonly what = 'request body',
  ) {}

  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value, this.what);
  }
}
