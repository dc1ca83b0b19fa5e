import { describe, expect, it } from '@jest/globals';
import { derivedOccurredAt, isBackdated, wasPastWhenEntered } from './backfill';

const fact = (occurredAt: string, recordedAt: string) => ({ occurredAt, recordedAt });

describe('facts entered after the fact', () => {
  it('a fact recorded as it happened is neither backdated nor past, and what derives from it is dated when handled', () => {
    const now = fact('2026-12-04T07:00:00.000Z', '2026-12-04T07:00:00.012Z');
    expect([isBackdated(now), wasPastWhenEntered(now), derivedOccurredAt(now)]).toEqual([false, false, undefined]);
  });

  it('a fact dated a few hours back is backdated, and what derives from it carries its date, but it is still news', () => {
    const morning = fact('2026-12-04T02:00:00.000Z', '2026-12-04T07:00:00.000Z');
    expect([isBackdated(morning), wasPastWhenEntered(morning), derivedOccurredAt(morning)]).toEqual([true, false, '2026-12-04T02:00:00.000Z']);
  });

  it('a fact of 2009 entered today was past when entered', () => {
    const signed = fact('2009-04-20T03:00:00.000Z', '2026-12-04T07:00:00.000Z');
    expect([isBackdated(signed), wasPastWhenEntered(signed), derivedOccurredAt(signed)]).toEqual([true, true, '2009-04-20T03:00:00.000Z']);
  });
});
