import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHarness, type Harness } from './infra/testing/harness';

// The gateway serves the built console at `/` next to the API: files as they are, index.html for any page address
// (so a shared /mous/<id> link opens the console), and never in place of an API or health answer.
describe('the web console served by the gateway', () => {
  const INDEX = '<!doctype html><html><body><div id="root"></div><script src="/assets/main-abc123.js"></script></body></html>';
  let dir: string;
  let h: Harness;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'console-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'assets', 'main-abc123.js'), 'console.log("console");');
    // files a build might hold under the API's own paths: they must never answer in its place
    mkdirSync(path.join(dir, 'api', 'v1'), { recursive: true });
    writeFileSync(path.join(dir, 'api', 'v1', 'mous'), 'not the API');
    mkdirSync(path.join(dir, 'health'));
    writeFileSync(path.join(dir, 'health', 'live'), 'not the health check');
    h = await startHarness({ consoleDir: dir });
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / with the console page', async () => {
    const r = await h.request('GET', '/');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.text).toBe(INDEX);
  });

  it('answers a page address that mirrors the API (a shared link) with the console page', async () => {
    for (const page of ['/mous/0b7f3f7e-9a43-4a4e-9d7e-2b1f1d1c1a10/history?lang=en', '/organisations', '/audit']) {
      const r = await h.request('GET', page);
      expect(r.status).toBe(200);
      expect(r.text).toBe(INDEX);
    }
  });

  it('serves the built files, hashed assets cacheable for good and the page always revalidated', async () => {
    const asset = await h.request('GET', '/assets/main-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.text).toBe('console.log("console");');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await h.request('GET', '/mous')).headers.get('cache-control')).toBe('no-cache');
  });

  it('leaves /api and /health to the API: an unknown API path is a problem+json 404, not the console page', async () => {
    const unknown = await h.request('GET', '/api/v1/no-such-thing', { token: h.token(['staff']) });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const live = await h.request('GET', '/health/live');
    expect(live.body.status).toBe('ok');
    const unauthenticated = await h.request('GET', '/api/v1/mous');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.text).not.toBe('not the API');
  });
});

describe('the gateway without a built console', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ consoleDir: path.join(tmpdir(), 'no-console-here') });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('still starts and serves the API; / is a 404', async () => {
    expect((await h.request('GET', '/health/live')).status).toBe(200);
    expect((await h.request('GET', '/')).status).toBe(404);
  });
});
