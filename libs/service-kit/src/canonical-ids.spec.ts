import { describe, expect, it } from '@jest/globals';
import { canonicalIds } from './canonical-ids';

const UPPER = '0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B';
const lower = UPPER.toLowerCase();

describe('canonical ids in a message', () => {
  it('lower-cases UUIDs in id fields of id, data and params, at any depth', () => {
    const message = canonicalIds({
      commandId: UPPER,
      id: UPPER,
      data: { proposalId: UPPER, partnerIds: [UPPER, 'not-an-id'], parties: [{ organisationId: UPPER, name: UPPER }], title: UPPER },
      params: { funderId: UPPER },
    });
    expect(message).toEqual({
      commandId: UPPER,
      id: lower,
      data: { proposalId: lower, partnerIds: [lower, 'not-an-id'], parties: [{ organisationId: lower, name: UPPER }], title: UPPER },
      params: { funderId: lower },
    });
  });

  it('leaves text and odd keys exactly as sent', () => {
    const data = JSON.parse(`{"changes":{"clause 4":{"__proto__":{"amount":"1,000,000"}}},"note":"ภาษาไทย ${UPPER}"}`) as Record<string, unknown>;
    const before = JSON.stringify(data);
    canonicalIds({ data });
    expect(JSON.stringify(data)).toBe(before);
  });
});
