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

export const ApiIdParam = () => ApiParam({ name: 'id', format: 'uuid', description: 'The resource id (UUID, any case: ids are compared in lower case)' });

const writeHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'A retry with the same key and the same request gets the first answer and records nothing new; the same key with another body is 422',
    }),
    ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Carried into every event; generated when absent and echoed back' }),
    ApiHeader({
      name: 'Occurred-At',
      required: false,
      description:
        'Admins only: the UTC instant the change really happened, for history entered after the fact (not in the future, not before the resource’s last change); history asOf reads it',
    }),
  );

export const ApiCreate = (what: string) =>
  applyDecorators(
    writeHeaders(),
    ApiResponse({ status: 201, description: `The new ${what}, with id and version`, headers: ETAG_HEADER, schema: resourceSchema as never }),
    ApiProblemResponses(400, 401, 403, 409, 413, 415, 422, 503),
  );

export const ApiCommand = (what: string) =>
  applyDecorators(
    ApiIdParam(),
    writeHeaders(),
    ApiHeader({ name: 'If-Match', required: false, description: 'The version you last saw, like "3"; a stale one gets 412 and changes nothing' }),
    ApiOkResponse({ description: `The ${what}’s new state and version`, headers: ETAG_HEADER, schema: resourceSchema as never }),
    ApiProblemResponses(400, 401, 403, 404, 409, 412, 413, 415, 422, 503),
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

const historyEntry = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    type: { type: 'string' },
    schemaVersion: { type: 'integer' },
    eventId: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
    recordedAt: { type: 'string', format: 'date-time' },
    actor: { type: 'string' },
    correlationId: { type: 'string' },
    causationId: { type: 'string' },
    reason: { type: 'string', nullable: true },
    data: { type: 'object' },
    hash: { type: 'string' },
  },
} as const;

export const ApiHistory = () =>
  applyDecorators(
    ApiIdParam(),
    ApiOkResponse({
      description:
        'Without asOf/version: a page of events, oldest first, `{ items, nextCursor }` (limit default 100, at most 500; a page of large events may hold fewer). With asOf or version: `{ id, version, asOf, state }` as it stood then.',
      schema: {
        oneOf: [
          {
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: { items: { type: 'array', items: historyEntry as never }, nextCursor: { type: 'string', nullable: true } },
          },
          {
            type: 'object',
            properties: { id: { type: 'string' }, version: { type: 'integer' }, asOf: { type: 'string', nullable: true }, state: { type: 'object' } },
          },
        ],
      },
    }),
    ApiProblemResponses(400, 401, 403, 404, 503),
  );

const point = { type: 'object', properties: { version: { type: 'integer' }, at: { type: 'string', nullable: true } } } as const;

export const ApiDiff = () =>
  applyDecorators(
    ApiIdParam(),
    ApiOkResponse({
      description:
        'Each path whose value differs between the two points (`parties[1].signedAt`, `kpis[0].target`; arrays by index), with the last event in the range that changed it. `before` is absent when the path did not exist at `from`, `after` when it no longer exists at `to`. At most 1,000 changes and 512 KiB: `truncated` says when some were left out.',
      schema: {
        type: 'object',
        properties: {
          from: point as never,
          to: point as never,
          changes: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                path: { type: 'string' },
                before: {},
                after: {},
                version: { type: 'integer' },
                type: { type: 'string' },
                actor: { type: 'string' },
                occurredAt: { type: 'string', format: 'date-time' },
              },
            },
          },
          truncated: { type: 'boolean' },
        },
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
          cause: {
            type: 'string',
            nullable: true,
            enum: ['chain', 'deleted-tail', 'sealed-hash', 'seal-signature', 'seal-root', 'seal-leaf', 'mirror-source'],
          },
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
      description:
        'The whole history as a file to keep (Content-Disposition: attachment), streamed whatever its length. JSON: `{ format, resourceType, resourceId, stream, exportedAt, events, verification, ... }`; CSV: a header row and one row per event, formulas escaped. A failure after the first bytes cuts the connection (a truncated download).',
      content: { 'application/json': { schema: { type: 'string', format: 'binary' } }, 'text/csv': { schema: { type: 'string', format: 'binary' } } },
    }),
    ApiProblemResponses(400, 401, 403, 404, 503),
  );
