/**
 * A stream id is `<category>-<id>` (`mou-0190...`). Categories hold no '-'; the id may (`inbox-mou-0190...` is the
 * stream `mou-0190...` in category `inbox`). The one place that builds and parses them.
 */
export const streamIdOf = (category: string, id: string): string => `${category}-${id}`;

export interface StreamIdParts {
  category: string;
  /** Everything after the first '-': may itself be a stream id, and may be empty. */
  id: string;
}

/** The category and id of `<category>-<id>`; null when the id has no '-' or an empty category. */
export function parseStreamId(streamId: string): StreamIdParts | null {
  const dash = streamId.indexOf('-');
  return dash <= 0 ? null : { category: streamId.slice(0, dash), id: streamId.slice(dash + 1) };
}

/** The (non-empty) id of a stream of `category`, else null: `idInCategory('mou-42', 'mou')` is `42`. */
export function idInCategory(streamId: string, category: string): string | null {
  const parts = parseStreamId(streamId);
  return parts && parts.category === category && parts.id !== '' ? parts.id : null;
}
