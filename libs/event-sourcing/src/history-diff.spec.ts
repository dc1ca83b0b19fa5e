import { describe, expect, it } from '@jest/globals';
import type { Decider, DomainEvent, StoredEvent } from '@pmt/kernel';
import type { AggregateDefinition } from './aggregate';
import { diffRange, diffValues, MAX_CHANGES } from './history-diff';

describe('diffValues', () => {
  it('names each changed leaf by its path, arrays by index', () => {
    const before = {
      title: 'MOU',
      parties: [
        { id: 'a', signedAt: null },
        { id: 'b', signedAt: null },
      ],
      kpis: [{ target: 10 }],
    };
    const after = {
      title: 'MOU',
      parties: [
        { id: 'a', signedAt: null },
        { id: 'b', signedAt: '2025-01-07T07:00:00Z' },
      ],
      kpis: [{ target: 20 }],
    };
    expect(diffValues(before, after)).toEqual([
      { path: 'parties[1].signedAt', before: null, after: '2025-01-07T07:00:00Z' },
      { path: 'kpis[0].target', before: 10, after: 20 },
    ]);
  });

  it('leaves before out for a path that appears and after out for one that disappears; null is a value', () => {
    expect(diffValues({ a: 1, gone: 'x', n: null }, { a: 1, added: { deep: true }, n: 0 })).toEqual([
      { path: 'gone', before: 'x' },
      { path: 'n', before: null, after: 0 },
      { path: 'added', after: { deep: true } },
    ]);
    const grown = diffValues({ list: [1] }, { list: [1, 2] });
    expect(grown).toEqual([{ path: 'list[1]', after: 2 }]);
    expect('before' in grown[0]).toBe(false);
    expect(diffValues({ list: [1, 2] }, { list: [1] })).toEqual([{ path: 'list[1]', before: 2 }]);
  });

  it('reports a value that changes kind whole, quotes keys that are not names, and finds nothing in equal values', () => {
    expect(diffValues({ v: [1] }, { v: { 0: 1 } })).toEqual([{ path: 'v', before: [1], after: { 0: 1 } }]);
    expect(diffValues({ changes: { 'clause 4': 'a' } }, { changes: { 'clause 4': 'b' } })).toEqual([{ path: 'changes["clause 4"]', before: 'a', after: 'b' }]);
    expect(diffValues({ a: [{ b: 1 }] }, { a: [{ b: 1 }] })).toEqual([]);
  });
});

// A tiny record: set a field, or push to a list.
type Event = DomainEvent<'Set', { key: string; value: unknown }> | DomainEvent<'Pushed', { value: unknown }>;
type State = { fields: Record<string, unknown>; list: unknown[] };
const decider: Decider<never, Event, State> = {
  initialState: () => ({ fields: {}, list: [] }),
  evolve: (s, e) => (e.type === 'Set' ? { ...s, fields: { ...s.fields, [e.data.key]: e.data.value } } : { ...s, list: [...s.list, e.data.value] }),
  decide: () => [],
};
const def: AggregateDefinition<never, Event, State> = { category: 'rec', collection: 'recs', decider };

const stored = (events: Event[]): StoredEvent[] =>
  events.map((e, i) => ({
    id: `e${i + 1}`,
    type: e.type,
    schemaVersion: 1,
    streamId: 'rec-1',
    streamVersion: i + 1,
    globalPosition: i + 1,
    occurredAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
    recordedAt: '2025-06-01T00:00:00.000Z',
    actor: `actor-${i + 1}`,
    correlationId: 'c',
    causationId: 'c',
    data: e.data,
    hash: 'h',
  }));

describe('diffRange', () => {
  const events = stored([
    { type: 'Set', data: { key: 'title', value: 'draft' } },
    { type: 'Set', data: { key: 'title', value: 'second' } },
    { type: 'Pushed', data: { value: { note: 'a' } } },
    { type: 'Set', data: { key: 'title', value: 'final' } },
    { type: 'Set', data: { key: 'owner', value: 'IASA' } },
  ]);

  it('attributes each change to the last event in the range that made it', () => {
    const diff = diffRange(def, events, { version: 1 }, { version: 5 });
    expect(diff.from).toEqual({ version: 1, at: '2025-01-01T00:00:00.000Z' });
    expect(diff.to).toEqual({ version: 5, at: '2025-01-05T00:00:00.000Z' });
    expect(diff.truncated).toBe(false);
    expect(diff.changes).toEqual([
      { path: 'fields.title', before: 'draft', after: 'final', version: 4, type: 'Set', actor: 'actor-4', occurredAt: '2025-01-04T00:00:00.000Z' },
      { path: 'fields.owner', after: 'IASA', version: 5, type: 'Set', actor: 'actor-5', occurredAt: '2025-01-05T00:00:00.000Z' },
      { path: 'list[0]', after: { note: 'a' }, version: 3, type: 'Pushed', actor: 'actor-3', occurredAt: '2025-01-03T00:00:00.000Z' },
    ]);
  });

  it('takes instants as the state then, and an instant before the first event as version 0', () => {
    const diff = diffRange(def, events, { asOf: '2024-12-31T00:00:00Z' }, { asOf: '2025-01-02T12:00:00Z' });
    expect(diff.from).toEqual({ version: 0, at: '2024-12-31T00:00:00Z' });
    expect(diff.to).toEqual({ version: 2, at: '2025-01-02T12:00:00Z' });
    expect(diff.changes).toEqual([
      { path: 'fields.title', after: 'second', version: 2, type: 'Set', actor: 'actor-2', occurredAt: '2025-01-02T00:00:00.000Z' },
    ]);
  });

  it('finds nothing between a point and itself, and refuses from after to naming from', () => {
    expect(diffRange(def, events, { version: 3 }, { version: 3 }).changes).toEqual([]);
    expect(() => diffRange(def, events, { version: 4 }, { version: 2 })).toThrow(
      expect.objectContaining({ errors: [{ path: 'from', message: 'must not come after to' }] }),
    );
    expect(() => diffRange(def, events, { asOf: '2025-01-03T00:00:00Z' }, { asOf: '2025-01-02T00:00:00Z' })).toThrow(
      expect.objectContaining({ code: 'HISTORY.DIFF_RANGE' }),
    );
  });

  it('caps a huge diff and says it was truncated', () => {
    const many = stored(Array.from({ length: MAX_CHANGES + 10 }, (_, i) => ({ type: 'Set' as const, data: { key: `k${i}`, value: i } })));
    const diff = diffRange(def, many, { asOf: '2000-01-01T00:00:00Z' }, { version: many.length });
    expect(diff.changes).toHaveLength(MAX_CHANGES);
    expect(diff.truncated).toBe(true);
  });
});
