import { describe, expect, it } from '@jest/globals';
import { parseWith } from '@pmt/http';
import { calendarDate, diffQuery, historyQuery, instant, money, pagination, text, uuid } from './schemas';
import { z } from 'zod';

describe('shared field schemas', () => {
  it('takes a UUID in any case and answers it in lower case, wherever it is used', () => {
    const upper = '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B';
    const body = z.strictObject({ proposalId: uuid().optional(), partnerIds: z.array(uuid()), org: uuid().nullable() });
    expect(body.parse({ proposalId: upper, partnerIds: [upper], org: upper })).toEqual({
      proposalId: upper.toLowerCase(),
      partnerIds: [upper.toLowerCase()],
      org: upper.toLowerCase(),
    });
    expect(uuid().safeParse('P-1').success).toBe(false);
  });

  it('takes money only as integer minor units with an ISO 4217 code, THB by default', () => {
    expect(parseWith(money(), { amount: 150_000_00 })).toEqual({ ok: true, value: { amount: 150_000_00, currency: 'THB' } });
    for (const amount of [1.5, '100', 1e300, -1, null]) {
      const r = parseWith(money(), { amount, currency: 'THB' });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.map((e) => e.path)).toEqual(['amount']);
    }
    const r = parseWith(money(), { amount: 1, currency: 'baht' });
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['currency']);
  });

  it('takes calendar dates as YYYY-MM-DD only, and real ones', () => {
    expect(calendarDate().safeParse('2024-02-29').success).toBe(true);
    for (const d of ['2025-02-29', '2025-1-7', '07/01/2025', '2025-01-07T00:00:00Z']) expect(calendarDate().safeParse(d).success).toBe(false);
  });

  it('takes instants only with Z or an offset', () => {
    for (const t of ['2025-01-07T07:00:00Z', '2025-01-07T14:00:00+07:00', '2025-01-07T07:00:00.123Z']) expect(instant().safeParse(t).success).toBe(true);
    for (const t of ['2025-01-07T07:00:00', '2025-01-07', 'yesterday']) expect(instant().safeParse(t).success).toBe(false);
  });

  it('keeps text exactly as given (no trimming or normalisation) but refuses blank text', () => {
    const decomposed = 'e\u0301 ไทย ';
    expect(text(50).parse(decomposed)).toBe(decomposed);
    expect(text(50).safeParse('   ').success).toBe(false);
  });

  it('pages with limit 50 by default and at most 500', () => {
    const page = z.strictObject(pagination);
    expect(page.parse({})).toEqual({ limit: 50 });
    expect(page.parse({ limit: '500', cursor: 'c' })).toEqual({ limit: 500, cursor: 'c' });
    for (const limit of ['0', '501', '1.5', '-1', 'ten', '']) expect(page.safeParse({ limit }).success).toBe(false);
  });

  it('reads history version as a whole number', () => {
    expect(historyQuery.parse({ version: '3' })).toEqual({ version: 3, limit: 100 });
    expect(historyQuery.safeParse({ version: '0' }).success).toBe(false);
  });

  it('pages history 100 events by default and at most 500', () => {
    expect(historyQuery.parse({})).toEqual({ limit: 100 });
    expect(historyQuery.parse({ limit: '500', cursor: 'c' })).toEqual({ limit: 500, cursor: 'c' });
    for (const limit of ['0', '501', '1.5']) expect(historyQuery.safeParse({ limit }).success).toBe(false);
  });

  it('takes a diff bound as a version or an instant', () => {
    expect(diffQuery.parse({ from: '2', to: '2025-01-07T07:00:00Z' })).toEqual({ from: 2, to: '2025-01-07T07:00:00Z' });
    for (const from of ['0', 'yesterday', '2025-01-07', '-1']) expect(diffQuery.safeParse({ from, to: '3' }).success).toBe(false);
  });
});
