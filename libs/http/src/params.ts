import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import { isUuid } from '@pmt/kernel';
import { validationError } from './zod';

/**
 * `@Param('id', UuidParamPipe)`: an id that cannot exist is a 400 here, not a 404 from a round trip.
 * Answers the id in lower case: ids are compared and stored canonically, whatever case the client sent.
 */
export class UuidParamPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, meta: ArgumentMetadata): string {
    if (!isUuid(value)) throw validationError([{ path: meta.data ?? 'id', message: 'must be a UUID' }], 'path');
    return value.toLowerCase();
  }
}
