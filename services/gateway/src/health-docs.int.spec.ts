import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { freePort, tempDir } from '@pmt/testing';
import { createGatewayApp, type GatewayApp } from './app';
import { ok } from './infra/testing/fake-services';
import { startHarness, type Harness } from './infra/testing/harness';

describe('health (terminus) and OpenAPI docs', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ healthTimeoutMs: 1000 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const up = () => ok({ status: 'up', checks: { eventStore: 'up', readModel: 'up' } });

  it('is live while the process runs', async () => {
    const r = await h.request('GET', '/health/live');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });

  it('is ready when NATS is connected and every service and its stores answer up', async () => {
    const r = await h.request('GET', '/health/ready');
    expect(r.status).toBe(200);
    expect(r.body.details).toMatchObject({
      nats: { status: 'up' },
      partners: { status: 'up', checks: { eventStore: 'up', readModel: 'up' } },
      mous: { status: 'up' },
    });
  });

  it('is not ready (503 problem+json) when a service does not answer', async () => {
    await h.fake.drop('mous.health');
    const r = await h.request('GET', '/health/ready');
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ status: 503, code: 'HEALTH.NOT_READY', checks: { mous: { status: 'down' }, partners: { status: 'up' } } });
    await h.fake.handle('mous.health', up);
  });

  it('is not ready when a service answers later than 1 s', async () => {
    await h.fake.handle('partners.health', () => new Promise((resolve) => setTimeout(() => resolve(up()), 1500)));
    const started = Date.now();
    const r = await h.request('GET', '/health/ready');
    expect(r.status).toBe(503);
    expect(r.body.checks.partners.status).toBe('down');
    expect(Date.now() - started).toBeLessThan(1450);
    await h.fake.handle('partners.health', up);
  });

  it('is not ready when a service says one of its stores is down', async () => {
    await h.fake.handle('mous.health', () => ok({ status: 'up', checks: { eventStore: 'up', readModel: 'down' } }));
    const r = await h.request('GET', '/health/ready');
    expect(r.status).toBe(503);
    expect(r.body.checks.mous).toMatchObject({ status: 'down', checks: { readModel: 'down' } });
    await h.fake.handle('mous.health', up);
    expect((await h.request('GET', '/health/ready')).status).toBe(200);
  });

  it('serves the OpenAPI document listing every route, body schemas, the bearer scheme and problem responses', async () => {
    const r = await h.request('GET', '/api/docs-json');
    expect(r.status).toBe(200);
    const doc = r.body;
    const expected: [string, string][] = [
      ['/api/v1/organisations', 'post'],
      ['/api/v1/organisations', 'get'],
      ['/api/v1/organisations/{id}', 'get'],
      ['/api/v1/organisations/{id}/contacts', 'post'],
      ['/api/v1/organisations/{id}/rename', 'post'],
      ['/api/v1/organisations/{id}/archive', 'post'],
      ['/api/v1/organisations/{id}/history', 'get'],
      ['/api/v1/organisations/{id}/history/verify', 'get'],
      ['/api/v1/organisations/{id}/history/export', 'get'],
      ['/api/v1/mous', 'post'],
      ['/api/v1/mous', 'get'],
      ['/api/v1/mous/{id}', 'get'],
      ...['terms', 'signature-request', 'signatures', 'amendments', 'kpi-progress', 'renewal', 'termination'].map((c): [string, string] => [
        `/api/v1/mous/{id}/${c}`,
        'post',
      ]),
      ['/api/v1/mous/{id}/history', 'get'],
      ['/api/v1/mous/{id}/history/verify', 'get'],
      ['/api/v1/mous/{id}/history/export', 'get'],
      ['/api/v1/mous/{id}/history/diff', 'get'],
      ['/health/live', 'get'],
      ['/health/ready', 'get'],
    ];
    for (const [path, method] of expected) expect(doc.paths[path]?.[method]).toBeDefined();

    const createMou = doc.paths['/api/v1/mous'].post;
    expect(createMou.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CreateMou');
    const schema = doc.components.schemas.CreateMou;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['title', 'parties', 'collaborationLevel', 'effectiveFrom', 'termMonths']));
    expect(schema.properties.parties.minItems).toBe(2);
    expect(schema.properties.termMonths.type).toBe('integer');
    expect(schema.properties.parties.items.required).toEqual(['organisationId', 'signatoryName', 'signatoryTitle']);
    expect(schema.properties.parties.items.properties.organisationId.format).toBe('uuid');
    expect(schema.properties.effectiveFrom.format).toBe('date');
    expect(doc.components.schemas.SignMou.properties.signedAt.format).toBe('date-time');

    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(createMou.security).toEqual([{ bearer: [] }]);
    expect(createMou.responses['400'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
    expect(doc.paths['/api/v1/mous/{id}/signatures'].post.responses['409']).toBeDefined();
    expect(doc.paths['/api/v1/mous/{id}/signatures'].post.responses['412']).toBeDefined();
    expect(doc.components.schemas.Problem.properties.errors).toBeDefined();

    const listParams = doc.paths['/api/v1/mous'].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(expect.arrayContaining(['status', 'organisationId', 'expiringBefore', 'collaborationLevel', 'limit', 'cursor']));
  });

  it('serves the docs UI', async () => {
    const r = await h.request('GET', '/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
  });
});

describe('gateway without NATS', () => {
  let gateway: GatewayApp;
  const dataDir = tempDir('pmt-gateway-');

  beforeAll(async () => {
    gateway = await createGatewayApp({
      port: 0,
      host: '127.0.0.1',
      natsUrl: `nats://127.0.0.1:${await freePort()}`,
      jwtSecret: 'x',
      logLevel: 'silent',
      dataDir: dataDir.path,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    dataDir.remove();
  });

  it('starts, stays live, is not ready, and answers 503 to requests', async () => {
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { nats: { status: string } } }).checks.nats.status).toBe('down');

    const token = new JwtService({ secret: 'x' }).sign({ sub: 'u', roles: ['viewer'] }, { expiresIn: '1h' });
    const r = await fetch(`${gateway.url}/api/v1/organisations`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
