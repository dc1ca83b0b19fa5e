import { describe, expect, it } from '@jest/globals';
import { idInCategory, parseStreamId, streamIdOf } from './stream-id';

describe('stream ids', () => {
  it('builds and parses <category>-<id>; the id keeps its own dashes', () => {
    expect(streamIdOf('mou', '0190-ab')).toBe('mou-0190-ab');
    expect(parseStreamId('mou-0190-ab')).toEqual({ category: 'mou', id: '0190-ab' });
    expect(parseStreamId('inbox-mou-0190')).toEqual({ category: 'inbox', id: 'mou-0190' });
    expect(parseStreamId('mou-')).toEqual({ category: 'mou', id: '' });
  });

  it('has no category without a dash, nor with an empty one', () => {
    expect(parseStreamId('mou')).toBeNull();
    expect(parseStreamId('-42')).toBeNull();
  });

  it('gives the id of a stream of one category only, and never an empty one', () => {
    expect(idInCategory('mou-42', 'mou')).toBe('42');
    expect(idInCategory('grant-42', 'mou')).toBeNull();
    expect(idInCategory('mou-', 'mou')).toBeNull();
    expect(idInCategory('inbox-mou-42', 'inbox')).toBe('mou-42');
  });
});
