import { describe, expect, it } from '@jest/globals';
import { IndexPlanner, indexablePaths, MAX_INDEXED_PATHS } from './mongo-indexes';

describe('indexes the Mongo read model asks for', () => {
  it('indexes the paths every match must meet, and the sort, but not $or branches or the id', () => {
    const filter = { status: 'active', $and: [{ 'parties.organisationId': 'o1' }, { endsOn: { $lt: '2026-01-01' } }], $or: [{ confidential: { $ne: true } }] };
    expect(indexablePaths(filter, { endsOn: 1, id: -1 }).sort()).toEqual(['endsOn', 'parties.organisationId', 'status']);
  });

  it('asks once per collection and path, up to a bound, and again after a failure', () => {
    const planner = new IndexPlanner();
    expect(planner.claim('mous', { status: 'x' }, { id: -1 })).toEqual(['status']);
    expect(planner.claim('mous', { status: 'y' }, undefined)).toEqual([]);
    expect(planner.claim('grants', { status: 'y' }, undefined)).toEqual(['status']);
    planner.release('mous', 'status');
    expect(planner.claim('mous', { status: 'z' }, undefined)).toEqual(['status']);
    for (let i = 0; i < MAX_INDEXED_PATHS + 5; i++) planner.claim('many', { [`f${i}`]: 1 }, undefined);
    expect(planner.claim('many', { another: 1 }, undefined)).toEqual([]);
  });
});
