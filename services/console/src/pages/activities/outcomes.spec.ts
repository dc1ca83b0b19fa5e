import { outcomesFromLines } from './outcomes';

describe('outcomes typed one per line', () => {
  it('splits a title from its detail at a dash and keeps Thai text as typed', () => {
    expect(outcomesFromLines(['ความปลอดภัยอาหาร — Chiang Mai Food Valley', 'Longan (Lamphun)', 'Rice seed - Chiang Rai'])).toEqual([
      { title: 'ความปลอดภัยอาหาร', detail: 'Chiang Mai Food Valley' },
      { title: 'Longan (Lamphun)' },
      { title: 'Rice seed', detail: 'Chiang Rai' },
    ]);
  });

  it('sends no outcomes as an empty list', () => {
    expect(outcomesFromLines(undefined)).toEqual([]);
  });
});
