import { addMonths, byOfficeDay, monthBounds, monthGrid } from './month';

describe('month calendar', () => {
  it('covers November 2013 in whole weeks, Monday first (1 November 2013 was a Friday)', () => {
    const grid = monthGrid('2013-11');
    expect(grid).toHaveLength(5);
    expect(grid.every((w) => w.length === 7)).toBe(true);
    expect(grid[0][0]).toEqual({ date: '2013-10-28', inMonth: false });
    expect(grid[0][4]).toEqual({ date: '2013-11-01', inMonth: true });
    expect(grid[4][6]).toEqual({ date: '2013-12-01', inMonth: false });
    expect(grid.flat().filter((d) => d.inMonth)).toHaveLength(30);
  });

  it('handles February in a leap year and a month starting on Monday', () => {
    const feb = monthGrid('2024-02');
    expect(
      feb
        .flat()
        .filter((d) => d.inMonth)
        .map((d) => d.date)
        .at(-1),
    ).toBe('2024-02-29');
    const sep = monthGrid('2025-09');
    expect(sep[0][0]).toEqual({ date: '2025-09-01', inMonth: true });
  });

  it('puts an activity on the Bangkok day it starts, not the UTC day', () => {
    const days = byOfficeDay([
      { id: 'early', startsAt: '2013-10-31T18:30:00Z' },
      { id: 'noon', startsAt: '2013-11-01T05:00:00Z' },
      { id: 'unplanned', startsAt: null },
    ]);
    expect(days.get('2013-11-01')?.map((a) => a.id)).toEqual(['early', 'noon']);
    expect(days.has('2013-10-31')).toBe(false);
    expect([...days.values()].flat()).toHaveLength(2);
  });

  it('steps months across years and bounds a month for the list filters', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-01', -1)).toBe('2024-12');
    expect(monthBounds('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });
});
