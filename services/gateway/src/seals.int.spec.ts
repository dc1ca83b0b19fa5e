import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { fail, ok } from './infra/testing/fake-services';
import { startHarness, type Harness } from './infra/testing/harness';

const SERVICES = ['partners', 'proposals', 'mous', 'funding', 'events', 'notifications'];
const sealOf = (service: string) => ({
  service,
  sealId: `seal-${service}`,
  sealedAt: '2026-12-04T07:00:00.000Z',
  streams: 2,
  root: 'a'.repeat(64),
  refused: [],
});

describe('gateway POST /audit/seals', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  it('asks every service to seal now and answers what each sealed', async () => {
    for (const s of SERVICES) await h.fake.handle(`${s}.audit.seal`, () => ok(sealOf(s)));
    const r = await h.request('POST', '/api/v1/audit/seals', { token: h.token(['admin']) });
    expect(r.status).toBe(200);
    expect(r.body.seals.map((s: { service: string }) => s.service)).toEqual(SERVICES);
    expect(r.body.seals[2]).toEqual(sealOf('mous'));
    for (const s of SERVICES) expect(h.fake.all(`${s}.audit.seal`)).toHaveLength(1);
  });

  it('is for admins only', async () => {
    for (const roles of [['staff'], ['auditor'], ['viewer']]) {
      expect((await h.request('POST', '/api/v1/audit/seals', { token: h.token(roles) })).status).toBe(403);
    }
    expect(h.fake.all('mous.audit.seal')).toHaveLength(0);
  });

  it('answers 503 naming the services that did not seal, with what the others sealed', async () => {
    for (const s of SERVICES) {
      await h.fake.handle(`${s}.audit.seal`, () =>
        s === 'funding' ? fail({ code: 'AUDIT.SEALING_OFF', kind: 'unavailable', message: 'funding does not seal' }) : ok(sealOf(s)),
      );
    }
    const r = await h.request('POST', '/api/v1/audit/seals', { token: h.token(['admin']) });
    expect(r.status).toBe(503);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toMatchObject({ code: 'AUDIT.SEAL_INCOMPLETE', failed: [{ service: 'funding' }] });
    expect(r.body.seals).toHaveLength(5);
  });
});
