import type { KpiProgress, MouItem, Partnership, Share } from './partnership';
import { canonical } from './shares';

/**
 * An organisation's MOUs and their KPIs, one document per (organisation, MOU), beside its summary. In the summary
 * they made every MOU event read, sort, copy and write the organisation's whole list: a party to 2,000 MOUs cost
 * partners three times the CPU per event that a new one did (docs/performance.md). The answer assembles them.
 */
export type MouListEntry = {
  id: string;
  organisationId: string;
  item: MouItem;
  kpis: KpiProgress[];
};

export const mouListId = (organisationId: string, mouId: string): string => `${organisationId}/${mouId}`;

/** The share without its MOU list and KPIs: what the summary sums. */
export const withoutLists = <S extends Share>(s: S): S => ({ ...s, mous: { ...s.mous, items: [] }, kpis: [] });

/** The entries a share of one MOU holds for `organisationId` (none for proposals, grants, activities). */
export function mouListEntries(organisationId: string, s: Share): MouListEntry[] {
  return s.mous.items.map((item) => ({
    id: mouListId(organisationId, item.id),
    organisationId,
    item,
    kpis: s.kpis.filter((k) => k.mouId === item.id),
  }));
}

/** A summary written before the lists moved out still holds them: true until its next change moves them. */
export const holdsLists = (p: Partnership): boolean => p.mous.items.length > 0 || p.kpis.length > 0;

/** The summary with its organisation's MOU list and KPIs, in the order the summary kept them (entries in any order). */
export function assembleLists(summary: Partnership, entries: MouListEntry[]): Partnership {
  if (holdsLists(summary)) return summary;
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return canonical({ ...summary, mous: { ...summary.mous, items: sorted.map((e) => e.item) }, kpis: sorted.flatMap((e) => e.kpis) });
}
