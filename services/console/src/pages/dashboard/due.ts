// What is due, from list calls the API offers (the API has no "due" query; this is reading, not a new rule).
import { addDays, daysBetween } from '../../lib/dates';
import type { Activity, Grant, Mou, Proposal } from '../../lib/types';

export type DueKind = 'mou-ending' | 'proposal-deadline' | 'kpi-report' | 'follow-up' | 'grant-undisbursed';

export interface DueItem {
  key: string;
  kind: DueKind;
  title: string;
  /** the date it is due (YYYY-MM-DD) */
  due: string;
  link: string;
  /** the window it falls in: overdue, or within 7, 30, 90 days */
  window: 'overdue' | 7 | 30 | 90 | 'later';
  detail?: string;
}

export const HORIZON_DAYS = 90;

export function windowOf(today: string, due: string): DueItem['window'] | null {
  const days = daysBetween(today, due);
  if (days < 0) return 'overdue';
  if (days <= 7) return 7;
  if (days <= 30) return 30;
  if (days <= HORIZON_DAYS) return 90;
  return null;
}

export interface DueSources {
  endingMous: Mou[];
  activeMous: Mou[];
  openProposals: Proposal[];
  heldActivities: Activity[];
  openGrants: (Grant & { endsOn?: string })[];
}

/** Overdue first, then soonest first. */
export function dueItems(today: string, s: DueSources): DueItem[] {
  const items: DueItem[] = [];
  /** `always`: shown even beyond the horizon (money not yet disbursed waits on someone whatever the end date). */
  const push = (item: Omit<DueItem, 'window'>, always = false) => {
    const window = windowOf(today, item.due) ?? (always ? 'later' : null);
    if (window !== null) items.push({ ...item, window });
  };
  for (const m of s.endingMous) push({ key: `mou-${m.id}`, kind: 'mou-ending', title: m.title, due: m.endsOn, link: `/mous/${m.id}` });
  for (const m of s.activeMous)
    for (const k of m.kpis)
      if (k.dueOn && (k.percent ?? 0) < 100)
        push({ key: `kpi-${m.id}-${k.id}`, kind: 'kpi-report', title: k.name, detail: m.title, due: k.dueOn, link: `/mous/${m.id}` });
  for (const p of s.openProposals)
    if (p.submissionDeadline)
      push({ key: `proposal-${p.id}`, kind: 'proposal-deadline', title: p.title, due: p.submissionDeadline, link: `/proposals/${p.id}` });
  for (const a of s.heldActivities)
    for (const task of a.followUpTasks)
      if (task.status === 'open')
        push({
          key: `task-${a.id}-${task.id}`,
          kind: 'follow-up',
          title: task.title,
          detail: `${a.title} · ${task.owner}`,
          due: task.dueOn,
          link: `/activities/${a.id}`,
        });
  for (const g of s.openGrants)
    if (BigInt(g.totals.remaining.amount) > 0n && g.endsOn)
      push({ key: `grant-${g.id}`, kind: 'grant-undisbursed', title: g.title ?? g.id, due: g.endsOn, link: `/grants/${g.id}` }, true);
  const rank = (i: DueItem) => (i.window === 'overdue' ? 0 : 1);
  return items.sort((a, b) => rank(a) - rank(b) || a.due.localeCompare(b.due));
}

export function horizon(today: string): string {
  return addDays(today, HORIZON_DAYS + 1);
}
