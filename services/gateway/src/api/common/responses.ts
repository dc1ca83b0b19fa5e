import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiParam, ApiResponse } from '@nestjs/swagger';
import { ApiProblemResponses } from '@pmt/http';

const ETAG_HEADER = { ETag: { description: 'The resource’s version as a strong entity tag, like "3"', schema: { type: 'string' } } };

const resourceSchema = {
  type: 'object',
  required: ['id', 'version'],
  properties: { id: { type: 'string', format: 'uuid' }, version: { type: 'integer', minimum: 1 } },
  additionalProperties: true,
} as const;

export const ApiIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The resource id (UUID)' });

const writeHeaders = () =>
  applyDecorators(
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key gets the first answer and records nothing new' }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Carried into every event; generated when absent and echoed back' }),
    ApiHeader({
      name: 'Occurred-At',
      required: false,
      description: 'Admins only: the UTC instant the change really happened, for history entered after the fact (not in the future, not before the resource’s last change); history asOf reads it',
    }),
  );

export const ApiCreate = (what: string) =>
  applyDecorators(
    writeHeaders(),
    ApiResponse({ status: 201, description: `The new ${what}, with id and version`, headers: ETAG_HEADER, schema: resourceSchema as never }),
    ApiProblemResponses(400, 401, 403, 409, 413, 415, 503),
  );

export const ApiCommand = (what: string) =>
  applyDecorators(
    ApiIdParam(),
    writeHeaders(),
    ApiHeader({ name: 'If-Match', required: false, description: 'The version you last saw, like "3"; a stale one gets 412 and changes nothing' }),
    ApiOkResponse({ description: `The ${what}’s new state and version`, headers: ETAG_HEADER, schema: resourceSchema as never }),
    ApiProblemResponses(400, 401, 403, 404, 409, 412, 413, 415, 503),
  );

export const ApiGetOne = (what: string) =>
  applyDecorators(
    ApiIdParam(),
    ApiOkResponse({ description: `The ${what}’s current state`, headers: ETAG_HEADER, schema: resourceSchema as never }),
    ApiProblemResponses(400, 401, 403, 404, 503),
  );

export const ApiList = (what: string) =>
  applyDecorators(
    ApiOkResponse({
      description: `A page of ${what}`,
      schema: {
        type: 'object',
        required: ['items', 'nextCursor'],
        properties: { items: { type: 'array', items: resourceSchema as never }, nextCursor: { type: 'string', nullable: true } },
      },
    }),
    ApiProblemResponses(400, 401, 403, 503),
  );

export const ApiHistory = () =>
  applyDecorators(
    ApiIdParam(),
    ApiOkResponse({
      description: 'Without asOf/version: `{ id, events }`, every event oldest first with type, version, recordedAt, actor, correlationId, reason and data. With asOf or version: `{ id, version, state }` as it stood then.',
      schema: {
        oneOf: [
          { type: 'object', properties: { id: { type: 'string' }, events: { type: 'array', items: { type: 'object' } } } },
          { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' }, state: { type: 'object' } } },
        ],
      },
    }),
    ApiProblemResponses(400, 401, 403, 404, 503),
  );

export const ApiVerify = () =>
  applyDecorators(
    ApiIdParam(),
    ApiOkResponse({
      description: 'The hash chain checked against the latest seal (docs/history-and-audit.md)',
      schema: {
        type: 'object',
        properties: {
          valid: { type: 'boolean' },
          events: { type: 'integer' },
          firstInvalidVersion: { type: 'integer', nullable: true },
          sealedVersion: { type: 'integer', nullable: true, description: 'the version the latest seal covers; null when never sealed' },
          sealedAt: { type: 'string', format: 'date-time', nullable: true },
          cause: { type: 'string', nullable: true, enum: ['chain', 'deleted-tail', 'sealed-hash', 'seal-signature', 'seal-root', 'seal-leaf', 'mirror-source'] },
        },
      },
    }),
    ApiProblemResponses(400, 401, 403, 404, 503),
  );

export const ApiExport = () =>
  applyDecorators(
    ApiIdParam(),
    ApiResponse({
      status: 200,
      description: 'The history as a file to keep (Content-Disposition: attachment)',
      content: { 'application/json': { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string', format: 'binary' } } },
    }),
    ApiProblemResponses(400, 401, 403, 404, 503),
  );
