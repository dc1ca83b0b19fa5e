/**
 * History entered after the fact (an admin's `Occurred-At`): the rules every service applies to what it derives
 * from such a fact. See docs/history-and-audit.md (history entered after the fact) and docs/workflows.md.
 */
interface Dated {
  occurredAt: string;
  recordedAt: string;
}

/** A fact dated more than this before its store recorded it was backdated, not merely handled a moment later. */
export const BACKDATED_AFTER_MS = 60_000;

/** A fact recorded more than this after it happened was already past when it was entered: nobody is told of it. */
export const PAST_WHEN_ENTERED_MS = 24 * 60 * 60 * 1000;

const lagMs = (e: Dated): number => Date.parse(e.recordedAt) - Date.parse(e.occurredAt);

/** Whether the fact was dated (Occurred-At) before the instant it was recorded. */
export const isBackdated = (e: Dated): boolean => lagMs(e) > BACKDATED_AFTER_MS;

/** Whether the fact was entered more than PAST_WHEN_ENTERED_MS after it happened: old news, told to nobody. */
export const wasPastWhenEntered = (e: Dated): boolean => lagMs(e) > PAST_WHEN_ENTERED_MS;

/**
 * The business time of a fact derived from `source` (a grant opened by an approval, a kickoff planned on an
 * activation): the source's own occurredAt when the source was backdated, so that `asOf` sees both together;
 * otherwise undefined, and the derived fact is dated when it is handled.
 */
export const derivedOccurredAt = (source: Dated): string | undefined => (isBackdated(source) ? source.occurredAt : undefined);
