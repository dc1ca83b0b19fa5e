import { dateOrNull, idSet, list, numberOrNull, record, text, textOrNull, type Data, type SourceEvent } from './event-data';
import type { KpiFacts, MouFacts } from './partnership';

/** Folds one event of an MOU stream (see services/mous/src/mou/mou.ts) into what the partnership view needs. */
export function evolveMou(facts: MouFacts | null, id: string, e: SourceEvent): MouFacts | null {
  const d = record(e.data);
  if (e.type === 'MouDrafted') {
    return {
      id,
      version: e.streamVersion,
      updatedAt: e.occurredAt,
      title: text(d.title),
      status: 'draft',
      parties: idSet(list(d.parties).map((p) => record(p).organisationId)),
      endsOn: dateOrNull(d.endsOn),
      kpis: kpisOf(d.kpis),
    };
  }
  if (!facts) return null;
  const next: MouFacts = { ...facts, version: e.streamVersion, updatedAt: e.occurredAt };
  switch (e.type) {
    case 'MouTermsRevised': {
      const changes = record(d.changes);
      return {
        ...next,
        ...(typeof changes.title === 'string' && { title: changes.title }),
        // Revised KPIs start again without reports, as the MOU itself does.
        ...(Array.isArray(changes.kpis) && { kpis: kpisOf(changes.kpis) }),
        endsOn: dateOrNull(d.endsOn) ?? next.endsOn,
        ...(d.returnedToDraft === true && { status: 'draft' as const }),
      };
    }
    case 'MouSignatureRequested':
      return { ...next, status: 'awaiting-signatures' };
    case 'MouFullySigned':
      return { ...next, status: 'signed' };
    case 'MouActivated':
      return { ...next, status: 'active' };
    case 'MouRenewed':
      return { ...next, status: 'active', endsOn: dateOrNull(d.endsOn) ?? next.endsOn };
    case 'MouExpired':
      return { ...next, status: 'expired' };
    case 'MouTerminated':
      return { ...next, status: 'terminated' };
    case 'KpiProgressReported':
      return { ...next, kpis: next.kpis.map((k) => (k.id === d.kpiId ? withReport(k, d) : k)) };
    default:
      return next;
  }
}

function kpisOf(v: unknown): KpiFacts[] {
  return list(v).map((raw) => {
    const k = record(raw);
    return { id: text(k.id), name: text(k.name), target: numberOrNull(k.target) ?? 0, unit: textOrNull(k.unit), latestValue: null, latestReportedOn: null };
  });
}

/** The latest report by reported date wins; on the same date the later record (it corrects the earlier), as in the MOU. */
function withReport(k: KpiFacts, d: Data): KpiFacts {
  const value = numberOrNull(d.value);
  const reportedOn = dateOrNull(d.reportedOn);
  if (value === null || reportedOn === null) return k;
  if (k.latestReportedOn !== null && reportedOn < k.latestReportedOn) return k;
  return { ...k, latestValue: value, latestReportedOn: reportedOn };
}
