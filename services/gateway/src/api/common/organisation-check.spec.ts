import { describe, expect, it } from '@jest/globals';
import { completion, createActivity } from '../activities/activities.schemas';
import { commitCoInvestment, openGrant } from '../grants/grants.schemas';
import { createProposal, reviseDraft } from '../proposals/proposals.schemas';
import { maxItemsOf, refsWithin } from './organisation-check';

describe('organisation references checked per write', () => {
  it('are at most as many as each schema allows', () => {
    expect([
      maxItemsOf(openGrant, 'funderId'),
      maxItemsOf(openGrant, 'partnerIds'),
      maxItemsOf(commitCoInvestment, 'organisationId'),
      maxItemsOf(createActivity, 'organisationIds'),
      maxItemsOf(completion, 'outcomes'),
      maxItemsOf(createProposal, 'funderId'),
      maxItemsOf(createProposal, 'partnerIds'),
      maxItemsOf(reviseDraft, 'partnerIds'),
    ]).toEqual([1, 50, 1, 100, 500, 1, 50, 50]);
  });

  it('takes the first of a list longer than allowed, and names each by its path', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const refs = refsWithin(createProposal, { partnerIds: ids }, 'partnerIds');
    expect(refs).toHaveLength(50);
    expect(refs[49]).toEqual({ path: 'partnerIds[49]', id: ids[49] });
  });
});
