import { describe, expect, it } from '@jest/globals';
import { isCodedError } from '@pmt/kernel';
import { z } from 'zod';
import { formatPath, parseOrThrow, parseWith, validationError, ZodPipe } from './zod';

describe('zod field errors', () => {
  it('formats paths the way clients read them', () => {
    expect(formatPath(['parties', 1, 'organisationId'])).toBe('parties[1].organisationId');
    expect(formatPath([0, 'a'])).toBe('[0].a');
    expect(formatPath(['a', 'b', 2, 3])).toBe('a.b[2][3]');
    expect(formatPath([])).toBe('');
  });

  const schema = z.strictObject({
    title: z.string(),
    parties: z.array(z.strictObject({ organisationId: z.guid(), name: z.string() })),
  });

  it('names every bad field, each unknown key on its own, and says "is required" for missing ones', () => {
    const r = parseWith(schema, {
      parties: [
        { organisationId: 'x', name: 'a' },
        { organisationId: 'x', extra: 1, more: 2 },
      ],
      colour: 'red',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.path).sort()).toEqual(
      ['title', 'parties[0].organisationId', 'parties[1].organisationId', 'parties[1].name', 'parties[1].extra', 'parties[1].more', 'colour'].sort(),
    );
    expect(r.errors.find((e) => e.path === 'title')?.message).toBe('is required');
    expect(r.errors.find((e) => e.path === 'colour')?.message).toBe('is not a known field');
  });

  it('throws a CodedError of kind invalid carrying the field errors', () => {
    try {
      parseOrThrow(schema, { title: 1, parties: [] });
      throw new Error('should have thrown');
    } catch (e) {
      expect(isCodedError(e)).toBe(true);
      expect(e).toMatchObject({ kind: 'invalid', code: 'REQUEST.INVALID', errors: [{ path: 'title' }] });
    }
  });

  it('returns the parsed value from the pipe', () => {
    const pipe = new ZodPipe(z.strictObject({ n: z.string().transform(Number) }));
    expect(pipe.transform({ n: '4' })).toEqual({ n: 4 });
  });
});

describe('validationError', () => {
  it('keeps the first error of each field', () => {
    const e = validationError([
      { path: 'n', message: 'must be an integer' },
      { path: 'n', message: 'too big' },
      { path: 'm', message: 'is required' },
    ]);
    expect(e.errors).toEqual([
      { path: 'n', message: 'must be an integer' },
      { path: 'm', message: 'is required' },
    ]);
    expect(e.message).toBe('The request has invalid fields: n, m');
  });
});
