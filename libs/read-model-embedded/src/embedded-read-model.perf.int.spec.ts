import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Doc, Filter, FindOptions } from '@pmt/read-model';
import { tempDir } from '@pmt/testing';
import { EmbeddedReadModelStore } from './embedded-read-model.store';

const KINDS = ['agency', 'university', 'company', 'ngo'];
const PROVINCES = ['Bangkok', 'Chiang Mai', 'Khon Kaen', 'Phuket', 'Songkhla'];

/** 10,000 organisations of about 750 bytes: Thai names, arrays of scalars and of objects. */
const organisation = (i: number): Doc => ({
  id: `org-${String(i).padStart(5, '0')}`,
  name: i % 7 === 0 ? `สำนักงานนวัตกรรมแห่งชาติ ${i}` : `Organisation number ${i} of the partnership office`,
  kind: KINDS[i % 4],
  score: (i * 37) % 101,
  sectors: [['energy', 'food', 'health', 'education'][i % 4], ['water', 'energy'][i % 2]],
  address: { province: PROVINCES[i % 5], zip: String(10000 + (i % 900)), line: 'ถนนพระราม 6 แขวงทุ่งพญาไท เขตราชเทวี' },
  parties: Array.from({ length: 3 }, (_, j) => ({ organisationId: `org-${(i + j * 13) % 10000}`, role: j ? 'member' : 'lead', since: `2024-0${1 + j}-01` })),
  signedAt: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000 * 7).toISOString(),
  status: ['draft', 'active', 'signed', 'expired'][i % 4],
  description: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(4),
});

function median(run: () => Promise<unknown>, times = 15): Promise<number> {
  return (async () => {
    await run();
    const ms: number[] = [];
    for (let i = 0; i < times; i++) {
      const start = process.hrtime.bigint();
      await run();
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return ms.sort((a, b) => a - b)[Math.floor(times / 2)];
  })();
}

/**
 * Timings over 10,000 documents, printed for the record. The bounds are loose (shared CI machines);
 * they catch a lost index or a plan that reads every document for a selective filter.
 */
describe('EmbeddedReadModelStore over 10,000 documents', () => {
  const dir = tempDir('pmt-rm-perf-');
  const db = new Database(join(dir.path, 'service.db'));
  db.pragma('journal_mode = WAL');
  const store = new EmbeddedReadModelStore(db);
  const report: string[] = [];

  beforeAll(async () => {
    const docs = Array.from({ length: 10_000 }, (_, i) => organisation(i));
    const start = process.hrtime.bigint();
    for (let i = 0; i < docs.length; i += 1000) {
      await store.commit(
        'perf',
        i + 1000,
        docs.slice(i, i + 1000).map((doc) => ({ op: 'put' as const, collection: 'orgs', doc })),
      );
    }
    report.push(`write 10,000 documents in 10 commits: ${(Number(process.hrtime.bigint() - start) / 1e6).toFixed(0)} ms`);
  }, 120_000);

  afterAll(() => {
    console.log(report.join('\n'));
    db.close();
    dir.remove();
  });

  const pages: [string, Filter, FindOptions, number][] = [
    ['one organisation’s parties (dot path into an array)', { 'parties.organisationId': 'org-42' }, { sort: { signedAt: 1 } }, 10],
    ['status = active (25%), newest first', { status: 'active' }, { sort: { signedAt: -1 } }, 100],
    ['kind = university and score >= 50, by score', { kind: 'university', score: { $gte: 50 } }, { sort: { score: -1 } }, 100],
    ['sectors contains energy (75%), by name', { sectors: 'energy' }, { sort: { name: 1 } }, 150],
    ['Thai substring, case-insensitive', { name: { $regex: 'นวัตกรรม', $options: 'i' } }, { sort: { signedAt: -1 } }, 150],
    [
      '$or of $in and a dot path, two sort keys',
      { $or: [{ status: { $in: ['draft', 'signed'] } }, { 'address.province': 'Phuket' }] },
      { sort: { 'address.province': 1, score: -1 } },
      150,
    ],
    ['no filter, by id', {}, {}, 10],
    ['no filter, by score', {}, { sort: { score: 1 } }, 100],
  ];

  it.each(pages)('%s', async (title, filter, options, bound) => {
    const first = await store.find('orgs', filter, { ...options, limit: 50 });
    const total = await store.count('orgs', filter);
    expect(first.items.length).toBe(Math.min(50, total));
    const firstMs = await median(() => store.find('orgs', filter, { ...options, limit: 50 }));
    const nextMs = await median(() => store.find('orgs', filter, { ...options, limit: 50, cursor: first.nextCursor }));
    const countMs = await median(() => store.count('orgs', filter));
    report.push(
      `${title.padEnd(56)} ${String(total).padStart(5)} match  page 1 ${firstMs.toFixed(2)} ms  page 2 ${nextMs.toFixed(2)} ms  count ${countMs.toFixed(2)} ms`,
    );
    expect(firstMs).toBeLessThan(bound);
  });
});
