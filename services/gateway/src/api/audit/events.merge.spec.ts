import { describe, expect, it } from '@jest/globals';
import { decodeCursor, encodeCursor, mergePages, queryFingerprint, type ServicePage } from './events.merge';

const item = (service: string, position: number, recordedAt: string) => ({
  service,
  resourceType: 'mou',
  resourceId: `${service}-${position}`,
  version: 1,
  type: 'Happened',
  actor: 'ann',
  occurredAt: recordedAt,
  recordedAt,
  reason: null,
  correlationId: 'c',
  position,
});
const at = (s: number) => `2026-08-01T00:00:${String(s).padStart(2, '0')}.000Z`;
const ids = (items: { resourceId: string }[]) => items.map((i) => i.resourceId);

describe('merging the services’ pages', () => {
  it('takes the newest first across services; equal instants by service name, then newest position', () => {
    const pages: ServicePage[] = [
      { service: 'proposals', items: [item('proposals', 9, at(5)), item('proposals', 8, at(3))], next: null },
      { service: 'mous', items: [item('mous', 4, at(5)), item('mous', 3, at(5)), item('mous', 2, at(1))], next: null },
    ];
    const { items, positions } = mergePages(pages, 4, {});
    expect(ids(items)).toEqual(['mous-4', 'mous-3', 'proposals-9', 'proposals-8']);
    expect(items[0]).not.toHaveProperty('position');
    expect(positions).toEqual({ proposals: null, mous: 2 });
    // the same pages in another order give the same page
    expect(mergePages([...pages].reverse(), 4, {}).items).toEqual(items);
  });

  it('pins a service that showed nothing at its newest event, and ends one that has none', () => {
    const pages: ServicePage[] = [
      { service: 'mous', items: [item('mous', 7, at(9)), item('mous', 6, at(8))], next: 5 },
      { service: 'funding', items: [item('funding', 3, at(1))], next: null },
      { service: 'events', items: [], next: null },
    ];
    const { items, positions } = mergePages(pages, 2, { partners: null });
    expect(ids(items)).toEqual(['mous-7', 'mous-6']);
    expect(positions).toEqual({ partners: null, mous: 5, funding: 3, events: null });
  });

  it('stops where a service’s page ended before its events did, since its next one is not known yet', () => {
    const pages: ServicePage[] = [
      { service: 'mous', items: [item('mous', 7, at(9))], next: 6 },
      { service: 'funding', items: [item('funding', 3, at(5)), item('funding', 2, at(4))], next: null },
    ];
    const { items, positions } = mergePages(pages, 10, {});
    expect(ids(items)).toEqual(['mous-7']);
    expect(positions).toEqual({ mous: 6, funding: 3 });
  });

  it('round-trips a cursor and refuses one from other filters or made up', () => {
    const q = queryFingerprint({ actor: 'ann', from: '2026-07-01T07:00:00+07:00' });
    expect(queryFingerprint({ actor: 'ann', from: '2026-07-01T00:00:00Z' })).toBe(q);
    const cursor = encodeCursor(q, { mous: 5, funding: null });
    expect(decodeCursor(cursor, q, ['mous', 'funding'])).toEqual({ mous: 5, funding: null });
    expect(() => decodeCursor(cursor, queryFingerprint({ actor: 'bob' }), ['mous', 'funding'])).toThrow(/other filters/);
    expect(() => decodeCursor(cursor, q, ['mous'])).toThrow(/not a cursor/);
    expect(() => decodeCursor(encodeCursor(q, { mous: -1 }), q, ['mous'])).toThrow(/not a cursor/);
    expect(() => decodeCursor('%%%', q, ['mous'])).toThrow(/not a cursor/);
  });
});
