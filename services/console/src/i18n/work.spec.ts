import { en } from './en';
import { workEn } from './work.en';
import { workTh } from './work.th';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('strings of the proposals, grants, activities, notifications and portfolio pages', () => {
  it('has every one in Thai and English, none empty', () => {
    expect(keys(workTh).sort()).toEqual(keys(workEn).sort());
    for (const key of keys(workTh)) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], workTh)).not.toBe('');
  });

  it('does not shadow a namespace of the shared strings', () => {
    expect(Object.keys(workEn).filter((k) => k in en)).toEqual([]);
  });
});
