import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE } from './problem';

type JsonSchema = Record<string, unknown>;

/** Drops zod's long regexes where a `format` already says it (uuid, date, date-time, email). */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'pattern' && typeof obj.format === 'string') continue;
    if (k === '$schema') continue;
    out[k] = tidy(v);
  }
  return out;
}

/** The OpenAPI 3.0 form of what a client sends (input side: defaults make fields optional). */
export function zodToOpenApi(schema: z.ZodType): JsonSchema {
  return tidy(z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' })) as JsonSchema;
}

/** Schemas collected while decorating controllers; added to `components.schemas` by `addOpenApiComponents`. */
const registry = new Map<string, JsonSchema>();

export function registerOpenApiSchema(name: string, schema: z.ZodType | JsonSchema): { $ref: string } {
  registry.set(name, schema instanceof z.ZodType ? zodToOpenApi(schema) : schema);
  return { $ref: `#/components/schemas/${name}` };
}

/** Documents a zod-validated JSON body under a named component. */
export function ApiZodBody(name: string, schema: z.ZodType, description?: string) {
  return ApiBody({ schema: registerOpenApiSchema(name, schema) as never, description, required: true });
}

/** One `ApiQuery` per property of a zod object schema. */
export function ApiZodQuery(schema: z.ZodObject) {
  const json = zodToOpenApi(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  const required = new Set(json.required ?? []);
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, prop]) =>
      ApiQuery({ name, required: required.has(name), schema: prop as never, description: prop.description as string | undefined }),
    ),
  );
}

export const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'urn:pmt:problem:MOU.NOT_SIGNABLE' },
    title: { type: 'string', example: 'Conflict' },
    status: { type: 'integer', example: 409 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'Stable error code' },
    correlationId: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Present on 400: every bad field',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', example: 'parties[1].organisationId' }, message: { type: 'string' } },
      },
    },
  },
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: every bad field is listed in `errors`',
  401: 'Missing, invalid or expired bearer token',
  403: 'The token lacks a role this needs',
  404: 'No such resource',
  409: 'The resource’s current state does not allow this (the detail says which state and why)',
  412: 'Stale If-Match',
  413: 'Body larger than 1 MiB',
  415: 'Body is not JSON',
  422: 'The Idempotency-Key was used before for a different request (`errors` names Idempotency-Key)',
  500: 'Internal error',
  503: 'A service did not answer in time',
};

/** `application/problem+json` responses for the given statuses. */
export function ApiProblemResponses(...statuses: number[]) {
  registry.set('Problem', PROBLEM_SCHEMA);
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      } as ApiResponseOptions),
    ),
  );
}

/** Puts every registered schema into the document's components. */
export function addOpenApiComponents(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas ??= {};
  registry.set('Problem', PROBLEM_SCHEMA);
  for (const [name, schema] of registry) doc.components.schemas[name] = schema as never;
  return doc;
}
