// What part 6 watches while the product runs: how far the partners service has mirrored and folded (its own
// SQLite file, read-only, and the JetStream consumers), and the partnership document as the gateway would get it.
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { newId } from '@pmt/kernel';
import type { JetStreamManager, NatsConnection } from 'nats';
import { PARTNERSHIP_PROJECTION } from '../../services/partners/src/partnership';
import { line } from './report';
import { int } from './stats';

/** The partners store seen from outside: a read-only connection (WAL lets it read while the service writes). */
export class PartnersFile {
  private readonly db: BetterSqlite3.Database;
  private readonly head: BetterSqlite3.Statement;
  private readonly checkpoint: BetterSqlite3.Statement;

  constructor(file: string) {
    this.db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    this.head = this.db.prepare('SELECT COALESCE(MAX(global_position), 0) FROM es_events').pluck();
    this.checkpoint = this.db.prepare('SELECT position FROM rm_checkpoints WHERE projection = ?').pluck();
  }

  /** Last position of the partners log: organisation events plus every mirrored event. */
  headPosition(): number {
    return this.head.get() as number;
  }

  /** How far the partnership projection has folded that log. */
  folded(): number {
    return (this.checkpoint.get(PARTNERSHIP_PROJECTION) as number | undefined) ?? 0;
  }

  close(): void {
    this.db.close();
  }
}

export interface Backlog {
  /** Messages not yet acknowledged, over every durable consumer of every stream. */
  pending: number;
  /** Messages per stream (EVENTS_MOUS…). */
  messages: Map<string, number>;
  /** Unacknowledged messages per durable. */
  byDurable: Map<string, number>;
}

export async function backlog(jsm: JetStreamManager): Promise<Backlog> {
  const out: Backlog = { pending: 0, messages: new Map(), byDurable: new Map() };
  for await (const stream of jsm.streams.list()) {
    out.messages.set(stream.config.name, stream.state.messages);
    for await (const c of jsm.consumers.list(stream.config.name)) {
      const n = c.num_pending + c.num_ack_pending;
      out.byDurable.set(c.name, n);
      out.pending += n;
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STALL_MS = 120_000;

export interface Settled {
  ms: number;
  /** When every stream first held its `expected` messages (the relays' part done), from the start of the wait. */
  publishedMs: number;
  /** Mirrored events: the partners log's growth while waiting. */
  mirrored: number;
}

/**
 * Waits until every consumer (partners' inbox, funding's approvals, the events workflows…) has acknowledged
 * everything, each stream has at least `expected` messages and stays unchanged, and the partnership projection
 * has folded the whole partners log: the product is quiet and the view is current.
 */
export async function settle(
  jsm: JetStreamManager,
  partners: PartnersFile,
  options: { expected?: Map<string, number>; timeoutMs: number; progressEveryMs?: number; label: string },
): Promise<Settled> {
  const started = performance.now();
  const from = partners.headPosition();
  let quiet = 0;
  let last = '';
  let lastProgress = started;
  let publishedMs = NaN;
  let lastState = '';
  let lastChange = started;
  for (;;) {
    const b = await backlog(jsm);
    const head = partners.headPosition();
    const folded = partners.folded();
    const streams = [...b.messages].map(([name, n]) => `${name}=${n}`).join(',');
    const published = [...(options.expected ?? [])].every(([name, n]) => (b.messages.get(name) ?? 0) >= n);
    if (published && Number.isNaN(publishedMs)) publishedMs = performance.now() - started;
    const done = b.pending === 0 && published && folded >= head;
    quiet = done && streams === last ? quiet + 1 : 0;
    last = streams;
    if (quiet >= 3) return { ms: performance.now() - started - 2000, publishedMs, mirrored: head - from };
    const now = performance.now();
    // A relay that never publishes (its service down) or a stuck consumer shows as nothing moving at all.
    const state = `${streams} ${b.pending} ${head} ${folded}`;
    if (state !== lastState) [lastState, lastChange] = [state, now];
    const stalled = now - lastChange > STALL_MS;
    if (stalled || now - started > options.timeoutMs) {
      throw new Error(
        `${options.label}: not settled after ${int((now - started) / 1000)} s${stalled ? `, nothing moved for ${STALL_MS / 1000} s` : ''} ` +
          `(unacknowledged ${b.pending}, partners log ${head}, folded ${folded}, streams ${streams})`,
      );
    }
    if (options.progressEveryMs && now - lastProgress >= options.progressEveryMs) {
      lastProgress = now;
      const seconds = (now - started) / 1000;
      const busy = [...b.byDurable]
        .filter(([, n]) => n > 0)
        .map(([d, n]) => `${d} ${int(n)}`)
        .join(', ');
      const short = [...(options.expected ?? [])]
        .filter(([name, n]) => (b.messages.get(name) ?? 0) < n)
        .map(([name, n]) => `${name} ${int(b.messages.get(name) ?? 0)} of ${int(n)}`);
      line(
        `    ${options.label} ${seconds.toFixed(0)} s: partners mirrored ${int(head - from)} (${int((head - from) / seconds)}/s), folded to ${int(folded)} of ${int(head)}; ` +
          `unacknowledged: ${busy || 'none'}${short.length ? `; not yet published: ${short.join(', ')}` : ''}`,
      );
    }
    await sleep(1000);
  }
}

/** The partnership document as `partners.partnership.get` answers it: what the gateway forwards GET …/partnership to. */
export async function partnershipOf(nc: NatsConnection, organisationId: string): Promise<PartnershipDoc> {
  const message = { actor: 'bench@bench.example', correlationId: newId(), params: { id: organisationId } };
  const msg = await nc.request('partners.partnership.get', new TextEncoder().encode(JSON.stringify(message)), { timeout: 10_000 });
  const reply = JSON.parse(new TextDecoder().decode(msg.data)) as { ok: boolean; value?: PartnershipDoc; error?: unknown };
  if (!reply.ok || !reply.value) throw new Error(`partners.partnership.get ${organisationId}: ${JSON.stringify(reply.error)}`);
  return reply.value;
}

export interface PartnershipDoc {
  money: { disbursed: Array<{ amount: number; currency: string }> };
  kpis: Array<{ mouId: string; kpiId: string; latestValue: number | null }>;
}

export const disbursedThb = (doc: PartnershipDoc): number => doc.money.disbursed.find((m) => m.currency === 'THB')?.amount ?? 0;
export const kpiValue = (doc: PartnershipDoc, mouId: string, kpiId: string): number | null =>
  doc.kpis.find((k) => k.mouId === mouId && k.kpiId === kpiId)?.latestValue ?? null;
