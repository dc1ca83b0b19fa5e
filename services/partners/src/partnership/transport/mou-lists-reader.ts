import type { Page, ReadModelStore } from '@pmt/read-model';
import { assembleLists, Collections, holdsLists, type MouListEntry, type Partnership } from '../index';

const PAGE = 500;

/** `assembleLists` over the organisation's entries in the read model. */
export async function withLists(readModel: Pick<ReadModelStore, 'find'>, summary: Partnership): Promise<Partnership> {
  if (holdsLists(summary) || summary.mous.total === 0) return summary;
  const entries: MouListEntry[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<MouListEntry> = await readModel.find<MouListEntry>(
      Collections.mouLists,
      { organisationId: summary.organisationId },
      { sort: { id: 1 }, limit: PAGE, cursor },
    );
    entries.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return assembleLists(summary, entries);
}
