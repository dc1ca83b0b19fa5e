import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { maxItemsOf, refsAllowedBy, refsOf } from './organisation-check';

const uuid = z.string().uuid();
const create = z
  .object({
    funderId: uuid,
    partnerIds: z.array(uuid).max(50).default([]),
    outcomes: z
      .array(z.object({ organisationId: uuid }))
      .max(500)
      .optional(),
    unbounded: z.array(uuid).optional(),
  })
  .strict()
  .superRefine(() => undefined);

describe('organisation references checked per write', () => {
  it('are at most as many as the schema allows, through its wrappers', () => {
    expect([maxItemsOf(create, 'funderId'), maxItemsOf(create, 'partnerIds'), maxItemsOf(create, 'outcomes')]).toEqual([1, 50, 500]);
    expect(() => maxItemsOf(create, 'unbounded')).toThrow(/needs a \.max\(\)/);
    expect(() => maxItemsOf(create, 'nothing')).toThrow(/not a field/);
  });

  it('keep the first of a list longer than allowed, each named by its path', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const refs = refsAllowedBy(create, [...refsOf({ funderId: ids[0] }, 'funderId'), ...refsOf({ partnerIds: ids }, 'partnerIds')]);
    expect(refs).toHaveLength(51);
    expect(refs[50]).toEqual({ path: 'partnerIds[49]', id: ids[49] });
    expect(refsAllowedBy(create, refsOf({ outcomes: ids.map((organisationId) => ({ organisationId })) }, 'outcomes', 'organisationId'))).toHaveLength(500);
  });
});
