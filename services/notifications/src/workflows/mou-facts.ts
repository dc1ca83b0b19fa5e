import { draftedMouCore, mouCoreChanges, mouEventOf, type MouCoreFacts } from '@pmt/contracts-mous';
import { dateOrNull, list, record, text, textOrNull, type SourceEvent } from '@pmt/kernel';

export interface KpiFacts {
  id: string;
  name: string;
  /** Free text: an email address, a team's name, or a person's name. */
  owner: string | null;
  dueOn: string | null;
  /** The latest reportedOn of its progress reports. */
  lastReportedOn: string | null;
}

/** What the reminders need of an MOU, folded from the mous service's events. */
export interface MouFacts extends Omit<MouCoreFacts, 'status'> {
  id: string;
  /** The source stream version folded so far. */
  version: number;
  status: string;
  activatedOn: string | null;
  kpis: KpiFacts[];
  /**
   * The last office date a fact of this MOU was entered after the fact; a reminder that fell due before it was past
   * when it was entered, and is never sent. Absent or null when every fact came in as it happened.
   */
  enteredLateOn?: string | null;
}

const kpiOf = (k: unknown): KpiFacts => {
  const d = record(k);
  return { id: text(d.id), name: text(d.name), owner: textOrNull(d.owner), dueOn: dateOrNull(d.dueOn), lastReportedOn: null };
};

const laterDate = (a: string | null, b: string | null) => (a === null ? b : b === null || a >= b ? a : b);

/** Moves the facts on by one event of `mou-<id>`; repeats (at or below the folded version) change nothing. */
export function evolveMouFacts(facts: MouFacts | null, id: string, e: SourceEvent): MouFacts | null {
  if (facts && e.streamVersion <= facts.version) return facts;
  const m = mouEventOf(e);
  const drafted = draftedMouCore(e);
  if (drafted && m?.type === 'MouDrafted') {
    return { id, version: e.streamVersion, ...drafted, activatedOn: null, kpis: list(m.data.kpis).map(kpiOf), enteredLateOn: e.enteredLateOn ?? null };
  }
  if (!facts) return null;
  const f: MouFacts = {
    ...facts,
    version: e.streamVersion,
    ...(e.enteredLateOn !== undefined && { enteredLateOn: e.enteredLateOn }),
    ...mouCoreChanges(e, facts),
  };
  switch (m?.type) {
    case 'MouTermsRevised': {
      const c = record(m.data.changes);
      return 'kpis' in c ? { ...f, kpis: list(c.kpis).map(kpiOf) } : f;
    }
    case 'MouActivated':
      return { ...f, activatedOn: dateOrNull(m.data.activatedOn) };
    case 'KpiProgressReported': {
      const { kpiId } = m.data;
      const reportedOn = dateOrNull(m.data.reportedOn);
      return { ...f, kpis: f.kpis.map((k) => (k.id === kpiId ? { ...k, lastReportedOn: laterDate(k.lastReportedOn, reportedOn) } : k)) };
    }
    default:
      return f;
  }
}

export function foldMouFacts(id: string, events: SourceEvent[]): MouFacts | null {
  return events.reduce<MouFacts | null>((facts, e) => evolveMouFacts(facts, id, e), null);
}

/**
 * The same facts from the mous service's current MOU (`mous.mou.get`), to check a reminder against the MOU as it
 * is when the reminder fires rather than as the mirror last saw it.
 */
export function mouFactsOfResource(resource: unknown): MouFacts | null {
  const m = record(resource);
  if (typeof m.id !== 'string' || typeof m.status !== 'string') return null;
  return {
    id: m.id,
    version: typeof m.version === 'number' ? m.version : 0,
    title: text(m.title),
    parties: list(m.parties)
      .map((p) => text(record(p).organisationId))
      .filter((p) => p !== ''),
    leadTeam: textOrNull(m.leadTeam),
    confidential: m.confidential === true,
    status: m.status,
    activatedOn: dateOrNull(m.activatedOn),
    endsOn: dateOrNull(m.endsOn),
    kpis: list(m.kpis).map((k) => ({ ...kpiOf(k), lastReportedOn: dateOrNull(record(k).lastReportedOn) })),
  };
}
