import { en } from './en';
import { initialLang } from './index';
import { th } from './th';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('languages', () => {
  it('has every interface string in both Thai and English', () => {
    expect(keys(th).sort()).toEqual(keys(en).sort());
    for (const key of keys(th)) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], th)).not.toBe('');
  });

  it('starts in Thai, follows ?lang= and remembers it', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(initialLang('', storage)).toBe('th');
    expect(initialLang('?lang=en', storage)).toBe('en');
    expect(initialLang('', storage)).toBe('en');
    expect(initialLang('?lang=xx', storage)).toBe('en');
    expect(initialLang('?lang=th', storage)).toBe('th');
  });
});
