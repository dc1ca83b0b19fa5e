// Projection lag of the partnership view: while an open loop keeps the services busy, two samplers send commands
// to the tracked organisation's grant and MOU, and its partnership document is polled until each effect shows.
// Lag = the moment it showed − the event's recordedAt (stamped by the producer's store as it appended the event,
// read afterwards from the resource's /history). Both clocks are this machine's.
import { performance } from 'node:perf_hooks';
import { officeDate } from '@pmt/kernel';
import type { JetStreamManager, NatsConnection } from 'nats';
import { cpuOf, cpuShare, type Stack } from './product.bench';
import { describe, openLoop, type LoadResult } from './load';
import type { TrackedOrganisation } from './partnership-history';
import { backlog, disbursedThb, kpiValue as kpiValueOf, partnershipOf, settle, type PartnersFile, type PartnershipDoc } from './partnership-probe';
import type { Http } from './http-client';
import { line } from './report';
import { int, percentile, sortedCopy } from './stats';

const WARMUP_MS = 1000;
/** Each sampler sends at most one command this often (two samplers: ~10 commands/s, counted in the offered rate). */
const SAMPLE_EVERY_MS = 200;
/** Pause between polls of the tracked document while a sample waits to be seen. */
const POLL_MS = 5;
const SEEN_TIMEOUT_MS = 60_000;

interface Sample {
  kind: 'disbursement' | 'kpi';
  path: string;
  /** Seen once the document's disbursed THB sum, or the KPI's latest value, reaches this. */
  threshold: number;
  sentAt: number;
  answeredAt: number;
  version: number;
  seenAt: number;
  /** How long the poll that first showed the effect took: the resolution of seenAt. */
  pollMs: number;
  failed?: string;
}

interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface LagPhase {
  load: LoadResult;
  lag: Summary;
  answers: Summary;
  /** Mirrored events per second while the window lasted. */
  partnersRate: number;
  /** Source events published but not yet acknowledged by partners' inbox when the window ended. */
  backlogAtEnd: number;
  errors: number;
}

export interface LagOptions {
  rate: number;
  windowMs: number;
  mix: (i: number) => Promise<unknown>;
  writes: Http;
  reads: Http;
  nc: NatsConnection;
  jsm: JetStreamManager;
  partners: PartnersFile;
  tracked: TrackedOrganisation;
  stack: Stack;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function summary(values: number[]): Summary {
  const s = sortedCopy(values);
  return { count: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : NaN };
}

/** KPI values only grow, across phases too, so "latest value >= v" means "report v (or a later one) is in". */
let kpiValue = 1_000_000;

/**
 * Sends one kind of command to the tracked organisation's grant or MOU, one at a time (each after the previous
 * answered, so they are applied in order): disbursements of known amounts (the document's sum grows by each),
 * or KPI reports of ever larger values. A failed command's effect is unknown, so the sampler stops there.
 */
async function sampler(o: LagOptions, kind: Sample['kind'], samples: Sample[], stop: () => boolean): Promise<void> {
  const t = o.tracked;
  const today = officeDate(new Date());
  const path = kind === 'disbursement' ? `/api/v1/grants/${t.grantId}` : `/api/v1/mous/${t.mouId}`;
  let sum = disbursedThb(await partnershipOf(o.nc, t.organisationId));
  for (let n = 1; !stop(); n++) {
    const started = performance.now();
    const amount = 100 + (n % 1000);
    const value = ++kpiValue;
    const threshold = kind === 'disbursement' ? (sum += amount) : value;
    const sample: Sample = { kind, path, threshold, sentAt: Date.now(), answeredAt: NaN, version: NaN, seenAt: NaN, pollMs: NaN };
    samples.push(sample);
    try {
      const answer =
        kind === 'disbursement'
          ? await o.writes.post(`${path}/disbursements`, { amount: { amount, currency: 'THB' }, disbursedOn: today })
          : await o.writes.post(`${path}/kpi-progress`, { kpiId: t.kpiId, value, reportedOn: today, note: null });
      sample.answeredAt = Date.now();
      sample.version = answer.version;
    } catch (e) {
      sample.failed = String((e as Error)?.message ?? e);
      return;
    }
    await sleep(SAMPLE_EVERY_MS - (performance.now() - started));
  }
}

/** Polls the tracked organisation's document while a sample waits, and notes when each one first shows. */
async function watch(o: LagOptions, samples: Sample[], samplersDone: () => boolean): Promise<void> {
  const t = o.tracked;
  for (;;) {
    const open = samples.filter((s) => s.failed === undefined && Number.isNaN(s.seenAt));
    if (open.length === 0) {
      if (samplersDone()) return;
      await sleep(1);
      continue;
    }
    const now = Date.now();
    for (const s of open) if (now - s.sentAt > SEEN_TIMEOUT_MS) s.failed = `not visible ${SEEN_TIMEOUT_MS / 1000} s after it was sent`;
    const t0 = performance.now();
    const doc: PartnershipDoc = await partnershipOf(o.nc, t.organisationId);
    const seenAt = Date.now();
    const pollMs = performance.now() - t0;
    const disbursed = disbursedThb(doc);
    const latest = kpiValueOf(doc, t.mouId, t.kpiId) ?? -1;
    for (const s of open) {
      if ((s.kind === 'disbursement' ? disbursed : latest) >= s.threshold) Object.assign(s, { seenAt, pollMs });
    }
    await sleep(POLL_MS);
  }
}

/** recordedAt of every version of the resources the samples changed, from their /history. */
async function recordedAt(reads: Http, samples: Sample[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const path of new Set(samples.map((s) => s.path))) {
    // history is paged: 500 events a page, oldest first
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page: { items: Array<{ version: number; recordedAt: string }>; nextCursor: string | null } = await reads.get(`${path}/history?limit=500${query}`);
      for (const e of page.items) out.set(`${path}@${e.version}`, Date.parse(e.recordedAt));
      cursor = page.nextCursor;
    } while (cursor);
  }
  return out;
}

/**
 * `rate` commands/s for `windowMs` after a second of warm-up: the open loop's mix plus the two samplers (about
 * 10/s of the rate). Then waits until the product is quiet again and reads the recordedAt of every sample.
 */
export async function lagPhase(o: LagOptions): Promise<LagPhase> {
  const samplerRate = 2 * (1000 / SAMPLE_EVERY_MS);
  line(
    `  -- ${o.rate} commands/s for ${o.windowMs / 1000} s after ${WARMUP_MS / 1000} s of warm-up (${o.rate - samplerRate}/s open loop + up to ${samplerRate}/s from the 2 lag samplers)`,
  );
  const loadDone = openLoop(o.rate - samplerRate, WARMUP_MS, o.windowMs, o.mix);
  await sleep(WARMUP_MS);
  const windowEnd = performance.now() + o.windowMs;
  const headBefore = o.partners.headPosition();
  const cpuBefore = cpuOf(o.stack.children);
  const samples: Sample[] = [];
  const stop = () => performance.now() >= windowEnd;
  let samplersDone = false;
  const sampling = Promise.all([sampler(o, 'disbursement', samples, stop), sampler(o, 'kpi', samples, stop)]).finally(() => (samplersDone = true));
  const watching = watch(o, samples, () => samplersDone);
  await sleep(windowEnd - performance.now());
  const partnersRate = (o.partners.headPosition() - headBefore) / (o.windowMs / 1000);
  const cpu = cpuShare(cpuBefore, cpuOf(o.stack.children), o.windowMs / 1000);
  const backlogAtEnd = [...(await backlog(o.jsm)).byDurable].filter(([d]) => d.startsWith('partners-inbox-')).reduce((sum, [, n]) => sum + n, 0);
  const load = await loadDone;
  await sampling;
  await watching;
  line(`    open loop: ${describe(load)}`);
  line(`    CPU in the window, in % of one core: ${cpu}`);
  line(`    partners mirrored ${int(partnersRate)} events/s in the window; ${int(backlogAtEnd)} published events not yet mirrored at its end`);
  const drained = await settle(o.jsm, o.partners, { timeoutMs: 10 * 60_000, progressEveryMs: 30_000, label: 'draining' });
  line(`    the product was quiet again ${(drained.ms / 1000).toFixed(0)} s after the last sample was seen`);

  const failed = samples.filter((s) => s.failed !== undefined);
  const seen = samples.filter((s) => s.failed === undefined);
  const recorded = await recordedAt(o.reads, seen);
  const lagOf = (s: Sample) => s.seenAt - (recorded.get(`${s.path}@${s.version}`) ?? NaN);
  const lag = summary(seen.map(lagOf));
  const answers = summary(seen.map((s) => s.answeredAt - s.sentAt));
  const afterAnswer = summary(seen.map((s) => s.seenAt - s.answeredAt));
  const polls = summary(seen.map((s) => s.pollMs));
  const byKind = (kind: Sample['kind']) => summary(seen.filter((s) => s.kind === kind).map(lagOf));
  const d = byKind('disbursement');
  const kpi = byKind('kpi');
  line(
    `    lag, append → visible in partners.partnership.get: p50 ${lag.p50.toFixed(1)} ms, p99 ${lag.p99.toFixed(1)} ms, max ${lag.max.toFixed(0)} ms ` +
      `(${lag.count} samples; disbursements p50 ${d.p50.toFixed(1)} / p99 ${d.p99.toFixed(1)} ms, KPI reports p50 ${kpi.p50.toFixed(1)} / p99 ${kpi.p99.toFixed(1)} ms)` +
      `${failed.length ? `; ${failed.length} samples failed (first: ${failed[0].failed})` : ''}`,
  );
  line(
    `    the sampled commands answered in p50 ${answers.p50.toFixed(1)} ms, p99 ${answers.p99.toFixed(1)} ms; the effect showed p50 ${afterAnswer.p50.toFixed(1)} ms, ` +
      `p99 ${afterAnswer.p99.toFixed(1)} ms after the answer (negative: before it); the poll that saw it took p50 ${polls.p50.toFixed(1)} ms, p99 ${polls.p99.toFixed(1)} ms`,
  );
  return { load, lag, answers, partnersRate, backlogAtEnd, errors: failed.length };
}
