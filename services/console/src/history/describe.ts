// "What changed" in plain words per event type. Each resource registers its own describers; an event type nobody
// describes still reads as a sentence naming the fields it carries (its raw JSON is one click away).
import type { TFunction } from 'i18next';
import { formatDate, formatMoney, type Lang, type Money } from '../lib/format';
import type { HistoryEntry } from '../lib/types';

export interface DescribeContext {
  t: TFunction;
  lang: Lang;
  date(value: unknown): string;
  money(value: unknown): string;
}

export type Describer = (data: Record<string, unknown>, ctx: DescribeContext) => string;

const describers = new Map<string, Describer>();

/** Adds (or replaces) describers, keyed by event type; a page's module calls this once when it loads. */
export function registerDescribers(entries: Record<string, Describer>): void {
  for (const [type, describe] of Object.entries(entries)) describers.set(type, describe);
}

const IGNORED = new Set(['at', 'id']);

export function describeEvent(entry: Pick<HistoryEntry, 'type' | 'data'>, t: TFunction, lang: Lang): string {
  const ctx: DescribeContext = {
    t,
    lang,
    date: (v) => (typeof v === 'string' ? formatDate(v, lang) : ''),
    money: (v) => (v && typeof v === 'object' && 'amount' in v ? formatMoney(v as Money, lang) : ''),
  };
  const data = entry.data ?? {};
  const describe = describers.get(entry.type);
  if (describe) return describe(data, ctx);
  const fields = Object.keys(data).filter((k) => !IGNORED.has(k));
  return t('history.generic', { type: entry.type, fields: fields.join(', ') || t('common.none') });
}

/** The MOU events (contracts-mous): the ones an auditor of story 3 reads. */
registerDescribers({
  MouDrafted: (d, { t, date }) =>
    t('history.mou.drafted', { title: d.title, from: date(d.effectiveFrom), until: date(d.endsOn), parties: (d.parties as unknown[])?.length ?? 0 }),
  MouTermsRevised: (d, { t }) =>
    t('history.mou.revised', { fields: Object.keys((d.changes as object) ?? {}).join(', ') }) +
    ((d.signaturesCleared as unknown[])?.length ? ` ${t('history.mou.signaturesCleared', { count: (d.signaturesCleared as unknown[]).length })}` : ''),
  MouSignatureRequested: (_d, { t }) => t('history.mou.signatureRequested'),
  MouSigned: (d, { t, date }) => t('history.mou.signed', { organisationId: d.organisationId, on: date(d.signedAt) }),
  MouFullySigned: (d, { t, date }) => t('history.mou.fullySigned', { on: date(d.signedOn) }),
  MouActivated: (d, { t, date }) => t('history.mou.activated', { on: date(d.activatedOn) }),
  MouAmended: (d, { t, date }) => t('history.mou.amended', { number: d.number, summary: d.summary, on: date(d.effectiveOn) }),
  KpiProgressReported: (d, { t, date }) => t('history.mou.kpiProgress', { value: d.value, kpiId: d.kpiId, on: date(d.reportedOn) }),
  MouRenewed: (d, { t, date }) => t('history.mou.renewed', { months: d.termMonths, until: date(d.endsOn), previous: date(d.previousEndsOn) }),
  MouExpired: (d, { t, date }) => t('history.mou.expired', { on: date(d.expiredOn) }),
  MouTerminated: (d, { t, date }) => t('history.mou.terminated', { on: date(d.effectiveOn), reason: d.reason }),
});
