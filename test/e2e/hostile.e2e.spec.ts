import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDeepStrictEqual } from 'node:util';
import { hostileCredentials, hostileRequests, runHostile, type OpenApiDocument } from '../../libs/testing/src/hostile-requests';
import { SECRET, startProduct, type Product } from '../support/product';

const HOSTILE = 'hostile@example.org';
/** The same requests every run; `npm run bench` sends the full 10,000 and more (bench/src/hostile.bench.ts). */
const SEED = 20261204;
const COUNT = 1500;

/**
 * Issue 12, the hostile run: requests generated from the gateway's own OpenAPI document (wrong types, boundary values,
 * hostile text, unknown fields, malformed, nested and huge bodies, odd headers, bad tokens of every kind) against the
 * real stack. None may answer 5xx or go unanswered, and afterwards every list and the audit trail are as they were.
 */
describe('a hostile run against the whole product', () => {
  let product: Product;
  const knownIds: string[] = [];

  const read = async (path: string, authorization?: string) => {
    const r = await product.api('GET', path, authorization ? { headers: { authorization } } : { roles: ['admin', 'auditor'] });
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    return r.body as { items: Array<{ id?: string; version?: number }>; nextCursor?: string | null };
  };
  const summary = (b: { items: Array<{ id?: string; version?: number }>; nextCursor?: string | null }) => ({
    count: b.items.length,
    more: b.nextCursor ?? null,
    versions: b.items.map((i) => `${i.id}@${i.version}`).sort(),
  });
  /** Everything a hostile request could have changed: every resource list with versions, the audit trail across services, the feed keys. */
  const stateOf = async () => ({
    organisations: summary(await read('/api/v1/organisations?limit=500')),
    mous: summary(await read('/api/v1/mous?limit=500')),
    proposals: summary(await read('/api/v1/proposals?limit=500')),
    grants: summary(await read('/api/v1/grants?limit=500')),
    activities: summary(await read('/api/v1/activities?limit=500')),
    notifications: summary(await read('/api/v1/notifications?limit=500')),
    auditEvents: summary(await read('/api/v1/audit/events?limit=500')).count,
    feedKeys: summary(await read('/api/v1/calendar/feed-tokens', `Bearer ${product.token(['viewer'], HOSTILE)}`)),
  });
  /** The state once the seeding's own consequences (workflows, notifications) have settled: the same on two reads in a row. */
  const settledState = async () => {
    let last = await stateOf();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await stateOf();
      if (isDeepStrictEqual(now, last)) return now;
      last = now;
    }
    return last;
  };

  beforeAll(async () => {
    product = await startProduct();
    for (const body of [
      { name: 'สำนักงานนวัตกรรมแห่งชาติ', kind: 'government', country: 'TH', sectors: ['innovation'], contacts: [] },
      { name: 'Chiang Mai University', kind: 'academic', country: 'TH', sectors: ['research'], contacts: [] },
    ]) {
      const org = await product.api('POST', '/api/v1/organisations', { body });
      expect(org.status).toBe(201);
      knownIds.push(org.body.id);
    }
    const proposal = await product.api('POST', '/api/v1/proposals', {
      body: {
        title: 'Food valley cold chain',
        leadTeam: 'NMCO',
        funderId: knownIds[0],
        partnerIds: [knownIds[1]],
        requestedAmount: { amount: 150_000_000, currency: 'THB' },
        submissionDeadline: '2099-12-31',
        programme: 'Regional innovation 2025',
      },
    });
    expect({ status: proposal.status, body: proposal.status === 201 ? null : proposal.body }).toEqual({ status: 201, body: null });
    knownIds.push(proposal.body.id);
    const key = await product.api('POST', '/api/v1/calendar/feed-tokens', {
      headers: { authorization: `Bearer ${product.token(['viewer'], HOSTILE)}` },
      body: {},
    });
    expect(key.status).toBe(201);
  }, 90_000);
  afterAll(async () => {
    await product?.stop();
  });

  it(`answers ${COUNT} generated hostile requests without a 5xx, and changes nothing`, async () => {
    const doc = (await product.api('GET', '/api/docs-json')).body as OpenApiDocument;
    const requests = hostileRequests(doc, { count: COUNT, seed: SEED, credentials: hostileCredentials(SECRET, HOSTILE), knownIds, bodyLimitBytes: 512 * 1024 });
    // every operation the document lists is tried
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(new Set(requests.map((r) => r.operation))).toEqual(new Set(operations));

    const before = await settledState();
    const outcome = await runHostile(product.base, requests, 8);
    expect(outcome.failures).toEqual([]);
    expect(outcome.total).toBe(COUNT);
    // the run reached the checks it is meant to test, not just the door
    for (const status of ['400', '401', '403', '404', '413', '415'])
      expect({ status, seen: (outcome.byStatus[status] ?? 0) > 0 }).toEqual({ status, seen: true });
    expect(await stateOf()).toEqual(before);
  }, 180_000);
});
