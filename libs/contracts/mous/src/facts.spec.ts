import { describe, expect, it } from '@jest/globals';
import { draftedMouCore, mouCoreChanges } from './facts';
import type { SourceEvent } from '@pmt/kernel';

const ev = (type: string, data: unknown): SourceEvent => ({ type, data, streamVersion: 1, sourceId: 'e1', occurredAt: '2026-01-01T00:00:00.000Z' });

describe('the MOU core facts every consumer folds', () => {
  it('takes title, parties in order, lead team, draft status and term end from MouDrafted, and nothing from other events', () => {
    const drafted = ev('MouDrafted', { title: 'T', parties: [{ organisationId: 'b' }, { organisationId: 'a' }, {}], leadTeam: ' ', endsOn: '2027-01-31' });
    expect(draftedMouCore(drafted)).toEqual({ title: 'T', parties: ['b', 'a'], leadTeam: null, confidential: false, status: 'draft', endsOn: '2027-01-31' });
    expect(draftedMouCore(ev('MouDrafted', { title: 'T', parties: [], leadTeam: 'IASA', confidential: true }))).toMatchObject({ confidential: true });
    expect(draftedMouCore(ev('MouActivated', {}))).toBeNull();
  });

  it('moves the status and the term end, and keeps what a revision does not name', () => {
    const current = { title: 'T', endsOn: '2027-01-31' };
    expect(mouCoreChanges(ev('MouTermsRevised', { changes: { leadTeam: 'X' }, returnedToDraft: true }), current)).toEqual({
      leadTeam: 'X',
      endsOn: '2027-01-31',
      status: 'draft',
    });
    expect(mouCoreChanges(ev('MouTermsRevised', { changes: { title: 5 }, endsOn: '2028-01-31' }), current)).toEqual({ title: 'T', endsOn: '2028-01-31' });
    expect(mouCoreChanges(ev('MouRenewed', { endsOn: 'not a date' }), current)).toEqual({ status: 'active', endsOn: '2027-01-31' });
    expect(mouCoreChanges(ev('MouTerminated', {}), current)).toEqual({ status: 'terminated' });
    expect(mouCoreChanges(ev('KpiProgressReported', {}), current)).toEqual({});
    expect(mouCoreChanges(ev('MouConfidentialityChanged', { confidential: true }), current)).toEqual({ confidential: true });
  });
});
