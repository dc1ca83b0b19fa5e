import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { addOpenApiComponents } from '@pmt/http';

export const DOCS_PATH = 'api/docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Partnership tracker API')
    .setDescription(
      'Public HTTP contract v1. Writes answer with the new version in the body and in ETag; send it back as If-Match to refuse stale writes (412). ' +
        'Idempotency-Key on a POST makes retries safe. Every error is application/problem+json (RFC 9457).',
    )
    .setVersion('1')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: 'HS256 token whose sub is the actor and roles claim holds admin, staff, auditor or viewer',
    })
    .addApiKey(
      { type: 'apiKey', in: 'query', name: 'key', description: 'A calendar feed key (POST /api/v1/calendar/feed-tokens); GET /api/v1/calendar.ics only' },
      'feedKey',
    )
    .build();
  return addOpenApiComponents(SwaggerModule.createDocument(app, config));
}

/** UI at /api/docs, JSON at /api/docs-json; served outside the guards, so public. */
export function setupOpenApi(app: INestApplication): OpenAPIObject {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json`, customSiteTitle: 'Partnership tracker API' });
  return document;
}
