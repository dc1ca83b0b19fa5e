import { draftedMouCore, mouCoreChanges, mouEventOf, type KpiProgressReported } from '@pmt/contracts-mous';
import { list, record, text, type SourceEvent } from '@pmt/kernel';
import { dateShapeOrNull, idSet, numberOrNull, textUnlessEmpty } from './event-data';
import type { KpiFacts, MouFacts } from './partnership';

/**
 * Folds one event of an MOU stream (see services/mous/src/mou/mou.ts) into what the partnership view needs: the
 * core facts every consumer folds alike (the mous contract's facts.ts), the parties as an id set, and the KPIs' latest values.
 */
export function evolveMou(facts: MouFacts | null, id: string, e: SourceEvent): MouFacts | null {
  const m = mouEventOf(e);
  const drafted = draftedMouCore(e);
  if (drafted && m?.type === 'MouDrafted') {
    const { title, leadTeam, confidential, status, parties, endsOn } = drafted;
    return {
      id,
      version: e.streamVersion,
      updatedAt: e.occurredAt,
      title,
      leadTeam,
      confidential,
      status,
      parties: idSet(parties),
      endsOn,
      kpis: kpisOf(m.data.kpis),
    };
  }
  if (!facts) return null;
  // lead team and confidentiality decide who the MOU counts for (partnership-visibility.ts)
  const next: MouFacts = { ...facts, version: e.streamVersion, updatedAt: e.occurredAt, ...mouCoreChanges(e, facts) };
  switch (m?.type) {
    case 'MouTermsRevised': {
      const changes = record(m.data.changes);
      // Revised KPIs start again without reports, as the MOU itself does.
      return Array.isArray(changes.kpis) ? { ...next, kpis: kpisOf(changes.kpis) } : next;
    }
    case 'KpiProgressReported':
      return { ...next, kpis: next.kpis.map((k) => (k.id === m.data.kpiId ? withReport(k, m.data) : k)) };
    default:
      return next;
  }
}

function kpisOf(v: unknown): KpiFacts[] {
  return list(v).map((raw) => {
    const k = record(raw);
    return {
      id: text(k.id),
      name: text(k.name),
      target: numberOrNull(k.target) ?? 0,
      unit: textUnlessEmpty(k.unit),
      latestValue: null,
      latestReportedOn: null,
    };
  });
}

/** The latest report by reported date wins; on the same date the later record (it corrects the earlier), as in the MOU. */
function withReport(k: KpiFacts, d: KpiProgressReported['data']): KpiFacts {
  const value = numberOrNull(d.value);
  const reportedOn = dateShapeOrNull(d.reportedOn);
  if (value === null || reportedOn === null) return k;
  if (k.latestReportedOn !== null && reportedOn < k.latestReportedOn) return k;
  return { ...k, latestValue: value, latestReportedOn: reportedOn };
}
