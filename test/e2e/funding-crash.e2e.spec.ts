import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startProduct, type Product } from '../support/product';

const PROPOSALS = 80;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    value = await read();
  }
  return value;
}

interface Approved {
  proposalId: string;
  /** Satang; odd amounts so that a lost or doubled grant shows in the sum. */
  awarded: number;
}

/**
 * The funding service is killed with SIGKILL while approvals stream in through the real proposals service; the
 * supervisor restarts it. Half the approvals are given before the kill, half while funding is down or restarting.
 */
describe('the funding service killed while approvals stream in', () => {
  let product: Product;
  let funderId: string;
  const approved: Approved[] = [];
  let grantsAtKill = -1;

  const api = (method: string, path: string, body?: unknown) => product.api(method, `/api/v1${path}`, body === undefined ? {} : { body });
  /** The funder's grants; none while funding is down (503). */
  const grantsOfFunder = async () => {
    const r = await api('GET', `/grants?funderId=${funderId}&limit=500`);
    return (r.status === 200 ? r.body.items : []) as Array<{
      id: string;
      proposalId: string;
      awardedAmount: { amount: number; currency: string };
      version: number;
    }>;
  };

  const approve = async (proposalId: string, i: number) => {
    const awarded = 1_000_000_00 + i * 1_234_57;
    const r = await api('POST', `/proposals/${proposalId}/decision`, {
      outcome: 'approved',
      awardedAmount: { amount: awarded, currency: 'THB' },
      reasons: ['fits the programme'],
    });
    if (r.status !== 200) throw new Error(`approval of ${proposalId} answered ${r.status}: ${r.text}`);
    approved.push({ proposalId, awarded });
  };

  beforeAll(async () => {
    // an approval pulled by the killed process is delivered again after the ack wait: keep it short here
    product = await startProduct({ APPROVALS_ACK_WAIT_MS: '3000' });
    const register = async (name: string, kind: string) =>
      (await api('POST', '/organisations', { name, kind, country: 'TH', sectors: [], contacts: [] })).body.id as string;
    funderId = await register('Crash Test Funding Agency', 'government');
    const partnerId = await register('Crash Test Science Park', 'academic');

    const proposalIds: string[] = [];
    for (let i = 0; i < PROPOSALS; i++) {
      const p = await api('POST', '/proposals', {
        title: `Proposal under fire #${i}`,
        leadTeam: i % 2 ? 'IASA' : 'NMCO',
        funderId,
        partnerIds: [partnerId],
        requestedAmount: { amount: 2_000_000_00, currency: 'THB' },
        submissionDeadline: '2099-12-31',
        programme: 'Resilience',
      });
      await api('POST', `/proposals/${p.body.id}/submission`, {});
      proposalIds.push(p.body.id);
    }

    const half = PROPOSALS / 2;
    const firstHalf = Promise.all(proposalIds.slice(0, half).map((id, i) => approve(id, i)));
    // kill once funding has opened some grants of the first half, and so is in the middle of them
    grantsAtKill = (await eventually(grantsOfFunder, (g) => g.length >= 3, 20_000, 20)).length;
    await product.stack.kill('funding', 'SIGKILL');
    process.stdout.write(`funding killed with ${grantsAtKill} of ${half} grants listed\n`);
    await firstHalf;
    await Promise.all(proposalIds.slice(half).map((id, i) => approve(id, half + i)));
  }, 180_000);

  afterAll(async () => {
    await product?.stop();
  });

  const fundingEvents = () => {
    const db = new Database(join(product.dataDir, 'funding.sqlite'), { readonly: true });
    try {
      return db.prepare(`SELECT stream_id AS streamId, type, causation_id AS causationId FROM es_events ORDER BY global_position`).all() as Array<{
        streamId: string;
        type: string;
        causationId: string;
      }>;
    } finally {
      db.close();
    }
  };

  it('really killed funding in the middle of the approvals', () => {
    expect(approved).toHaveLength(PROPOSALS);
    expect(grantsAtKill).toBeGreaterThan(0);
    expect(grantsAtKill).toBeLessThan(PROPOSALS);
  });

  it('ends with exactly one grant for every approval, with the amount awarded', async () => {
    const grants = await eventually(grantsOfFunder, (g) => g.length >= PROPOSALS, 60_000);
    expect(grants).toHaveLength(PROPOSALS);
    for (const a of approved) {
      const of = (await api('GET', `/grants?proposalId=${a.proposalId}`)).body.items;
      expect(of).toHaveLength(1);
      expect(of[0]).toMatchObject({ proposalId: a.proposalId, status: 'open', version: 1, awardedAmount: { amount: a.awarded, currency: 'THB' } });
    }
  });

  it('adds up the awarded amounts exactly', async () => {
    const grants = await grantsOfFunder();
    const expected = approved.reduce((sum, a) => sum + a.awarded, 0);
    expect(grants.reduce((sum, g) => sum + g.awardedAmount.amount, 0)).toBe(expected);
    expect(new Set(grants.map((g) => g.awardedAmount.currency))).toEqual(new Set(['THB']));
  });

  it('stored one GrantOpened per approval event, each in its own grant stream', () => {
    const opened = fundingEvents().filter((e) => e.type === 'GrantOpened');
    expect(opened).toHaveLength(PROPOSALS);
    expect(new Set(opened.map((e) => e.streamId)).size).toBe(PROPOSALS);
    // the causation of each is the approval event it came from: none was handled twice
    expect(new Set(opened.map((e) => e.causationId)).size).toBe(PROPOSALS);
  });
});
