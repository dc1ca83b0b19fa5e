import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sign } from 'jsonwebtoken';
import { connect, type NatsConnection } from 'nats';
import { Pool } from 'undici';
import { addDays, officeDate } from '@pmt/kernel';
import { eventStreamName } from '@pmt/messaging';
import { onCleanup, trackChild } from './cleanup';
import { http, type Http } from './http-client';
import { closedLoop, describe } from './load';
import { seededRandom } from './mou-workload';
import { TEAMS, writeHistory, type History } from './partnership-history';
import { disbursedThb, PartnersFile, partnershipOf, settle } from './partnership-probe';
import { lagPhase, type LagPhase } from './partnership-lag';
import { cpuOf, cpuShare, rssKiB, startStack, TARGET_RSS_MIB } from './product.bench';
import { heading, line, record } from './report';
import { int, percentile, sortedCopy } from './stats';
import { freePort, startNatsServer, tempDir } from './testing';

/** BENCH_ORGS scales the whole part: organisations, and the history that comes with them (see partnership-history.ts). */
const ORGS = Number(process.env.BENCH_ORGS ?? 10_000);
const RATE = 500;
/** The window at RATE stays short: what the product cannot take piles up and must drain before the next phase. */
const RATE_WINDOW_MS = 10_000;
const SUSTAINED_WINDOW_MS = 20_000;
const LAG_TARGET_MS = 50;
/** Issue 13: mirrors and projections fold a backlog at 5,000 events/s or more (the relays' 10,000/s is part 6r's). */
const CATCH_UP_TARGET = 5_000;
const GET_TARGET_MS = 20;
const READ_MS = 5000;
const READ_WARMUP_MS = 500;
const READ_CONNECTIONS = 8;
const PORTFOLIO_MS = 3000;
const PORTFOLIO_COLD = 8;
const CATCH_UP_TIMEOUT_MS = 20 * 60_000;

const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const pp = (r: { p50: number; p99: number }) => `p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms`;

export async function benchPartnership(): Promise<void> {
  heading(`6. Partnership view: projection lag, GET …/partnership and the portfolio, with ${int(ORGS)} organisations and their history (BENCH_ORGS)`);
  if (!Number.isSafeInteger(ORGS) || ORGS < 200) throw new Error(`BENCH_ORGS must be a whole number of at least 200; got ${process.env.BENCH_ORGS}`);
  const nats = await startNatsServer();
  const stopNats = onCleanup(() => nats.stop());
  const dir = tempDir('pmt-bench-partnership-');
  const removeDir = onCleanup(() => dir.remove());
  try {
    const h = await writeHistory(dir.path, ORGS, 1);
    const sources = h.events.mous + h.events.proposals + h.events.funding + h.events.events;
    line(
      `  history written into the services' SQLite files in ${(h.ms / 1000).toFixed(1)} s (deciders + SqliteEventStore.append, not HTTP): ` +
        `${int(ORGS)} organisations (${h.funders.length} funders), ${int(h.entities.mous)} MOUs, ${int(h.entities.proposals)} proposals, ${int(h.entities.grants)} grants, ` +
        `${int(h.entities.activities)} activities = ${int(sources)} source events (mous ${int(h.events.mous)}, proposals ${int(h.events.proposals)}, ` +
        `funding ${int(h.events.funding)}, events ${int(h.events.events)})`,
    );

    const port = await freePort();
    const secret = randomBytes(24).toString('hex');
    const logs: string[] = [];
    const problems: string[] = [];
    const started = performance.now();
    /** When partners logged that it answers (its inbox consumers are started by then): the catch-up from there is context. */
    let partnersReadyMs = NaN;
    const stack = await startStack({
      env: {
        PORT: String(port),
        NATS_URL: nats.url,
        DATA_DIR: dir.path,
        AUTH_JWT_SECRET: secret,
        RATE_LIMIT_PER_MINUTE: '0',
        // BENCH_PROFILE_DIR=<dir>: a V8 CPU profile of every service process, written when the stack stops
        ...(process.env.BENCH_PROFILE_DIR
          ? { BENCH_PROFILE_DIR: resolve(process.env.BENCH_PROFILE_DIR), NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile-preload.js')}` }
          : {}),
      },
      onLine: (name, text) => {
        if (name === 'partners' && Number.isNaN(partnersReadyMs) && text.includes('partners answers on NATS')) partnersReadyMs = performance.now() - started;
        logs.push(`[${name}] ${text}`);
        if (logs.length > 200) logs.splice(0, logs.length - 100);
        // pino levels 40 (warn) and up: shown if the part fails
        if (/"level":\s*[4-6]0/.test(text)) problems.push(`[${name}] ${text.slice(0, 400)}`);
        if (problems.length > 40) problems.splice(0, problems.length - 20);
      },
      readyTimeoutMs: 180_000,
    });
    const stopStack = onCleanup(() => stack.stop());
    for (const child of stack.children.values()) trackChild(child);
    const readyMs = performance.now() - started;
    if (!stack.ready) throw new Error(`the product did not become ready within 180 s:\n${logs.slice(-40).join('\n')}`);
    line(`  stack ready ${(readyMs / 1000).toFixed(1)} s after startStack (each service folded its own log into its read models first)`);

    const nc: NatsConnection = await connect({ servers: nats.url, name: 'bench-partnership' });
    const closeNc = onCleanup(() => nc.close());
    const partners = new PartnersFile(join(dir.path, 'partners.sqlite'));
    const closePartners = onCleanup(() => partners.close());
    const pools: Pool[] = [];
    const closePools = onCleanup(async () => void (await Promise.all(pools.map((p) => p.close()))));
    try {
      const jsm = await nc.jetstreamManager();
      // ---- catch-up: the relays publish the history, partners mirrors it into its inbox and folds it
      const expected = new Map([
        [eventStreamName('mous'), h.events.mous],
        [eventStreamName('proposals'), h.events.proposals],
        [eventStreamName('funding'), h.events.funding],
        [eventStreamName('events'), h.events.events],
      ]);
      const cpuBefore = cpuOf(stack.children);
      const caught = await settle(jsm, partners, { expected, timeoutMs: CATCH_UP_TIMEOUT_MS, progressEveryMs: 30_000, label: 'catch-up' }).catch(
        (e: unknown) => {
          throw new Error(`${(e as Error).message}\nlast warnings of the services:\n${problems.join('\n')}`);
        },
      );
      const catchUpMs = readyMs + caught.ms;
      const mirrored = partners.headPosition() - h.events.partners;
      const publishedMs = readyMs + caught.publishedMs;
      line(
        `  caught up ${(catchUpMs / 1000).toFixed(0)} s after startStack: partners mirrored and folded ${int(mirrored)} events ` +
          `(${int(sources)} of the history${mirrored > sources ? ` + ${int(mirrored - sources)} the product added while catching up` : ''}); ` +
          `the relays had published the history ${(publishedMs / 1000).toFixed(0)} s after startStack`,
      );
      line(`    CPU meanwhile, in % of one core: ${cpuShare(cpuBefore, cpuOf(stack.children), caught.ms / 1000)}`);
      const catchUpRate = mirrored / (catchUpMs / 1000);
      const publishRate = sources / (publishedMs / 1000);
      // from partners' own start: what the inbox and the projection do, without the other services' start
      const sinceReadyMs = catchUpMs - partnersReadyMs;
      record({
        part: '6a',
        name: `partners catch-up on a ${int(sources)}-event history (JetStream → inbox → partnership)`,
        value: `${int(catchUpRate)} events/s (${int(mirrored)} in ${int(catchUpMs / 1000)} s)`,
        baseline: `relays published it at ${int(publishRate)}/s`,
        ratio: (catchUpRate / publishRate).toFixed(2),
        target: `>= ${int(CATCH_UP_TARGET)}/s`,
        met: catchUpRate >= CATCH_UP_TARGET,
      });
      record({
        part: '6a',
        name: `(context) partners catch-up from when partners was ready (${(partnersReadyMs / 1000).toFixed(1)} s after startStack)`,
        value: Number.isNaN(partnersReadyMs)
          ? 'partners never logged that it answers'
          : `${int(mirrored / (sinceReadyMs / 1000))} events/s (${int(mirrored)} in ${(sinceReadyMs / 1000).toFixed(1)} s)`,
        baseline: '',
        ratio: '',
        target: '',
        met: null,
      });
      // counted from startStack, so it includes the stack's start; part 6r measures the relay on its own, with its target
      record({
        part: '6a',
        name: `(context) relays publishing the ${int(sources)}-event history, from startStack`,
        value: `${int(publishRate)} events/s`,
        baseline: '',
        ratio: '',
        target: '',
        met: null,
      });

      const token = sign({ sub: 'officer@bench.example', roles: ['staff'] }, secret, { algorithm: 'HS256', expiresIn: '2h' });
      const base = `http://127.0.0.1:${port}`;
      const readPool = new Pool(base, { connections: READ_CONNECTIONS, pipelining: 1 });
      pools.push(readPool);
      const reads = http(readPool, token);
      const random = seededRandom(66);
      const anyOrg = () => h.organisations[Math.floor(random() * h.organisations.length)];

      // ---- GET partnership vs GET organisation (same service, same gateway), both one document read
      const orgSeq = await closedLoop(1, READ_WARMUP_MS, READ_MS, () => reads.get(`/api/v1/organisations/${anyOrg()}`));
      line(`  GET /organisations/{id}, 1 connection: ${describe(orgSeq)}`);
      const pSeq = await closedLoop(1, READ_WARMUP_MS, READ_MS, () => reads.get(`/api/v1/organisations/${anyOrg()}/partnership`));
      line(`  GET /organisations/{id}/partnership, 1 connection: ${describe(pSeq)}`);
      const pNats = await closedLoop(1, READ_WARMUP_MS, 3000, () => partnershipOf(nc, anyOrg()));
      line(`  (context) partners.partnership.get straight over NATS, no gateway: ${describe(pNats)}`);
      const orgPar = await closedLoop(READ_CONNECTIONS, READ_WARMUP_MS, READ_MS, () => reads.get(`/api/v1/organisations/${anyOrg()}`));
      line(`  (context) GET /organisations/{id}, ${READ_CONNECTIONS} connections: ${describe(orgPar)}`);
      const pPar = await closedLoop(READ_CONNECTIONS, READ_WARMUP_MS, READ_MS, () => reads.get(`/api/v1/organisations/${anyOrg()}/partnership`));
      line(`  (context) GET /organisations/{id}/partnership, ${READ_CONNECTIONS} connections: ${describe(pPar)}`);
      record({
        part: '6c',
        name: `GET …/partnership, ${int(ORGS)} organisations, 1 connection`,
        value: `${pp(pSeq)}${pSeq.errors ? `, ${pSeq.errors} errors` : ''}`,
        baseline: `GET /organisations/{id} ${pp(orgSeq)}`,
        ratio: (pSeq.p99 / orgSeq.p99).toFixed(2),
        target: `p99 < ${GET_TARGET_MS} ms`,
        met: pSeq.p99 < GET_TARGET_MS && pSeq.errors === 0,
      });
      record({
        part: '6c',
        name: `(context) GET …/partnership, ${READ_CONNECTIONS} connections`,
        value: `${int(pPar.rate)}/s, ${pp(pPar)}`,
        baseline: `GET /organisations/{id} ${int(orgPar.rate)}/s, ${pp(orgPar)}`,
        ratio: (pPar.rate / orgPar.rate).toFixed(2),
        target: '',
        met: null,
      });

      // ---- the portfolio: answered from facts read once per projection checkpoint, then summed in memory
      const writePool = new Pool(base, { connections: 4, pipelining: 1 });
      pools.push(writePool);
      const writes = http(writePool, token);
      const today = officeDate(new Date());
      const probe = h.tracked[0];
      let changes = 0;
      /** A write partners mirrors, waited for until the view shows it: the next portfolio query meets a new checkpoint. */
      const change = async () => {
        const amount = 100 + (changes++ % 997);
        const before = disbursedThb(await partnershipOf(nc, probe.organisationId));
        await writes.post(`/api/v1/grants/${probe.grantId}/disbursements`, { amount: { amount, currency: 'THB' }, disbursedOn: today });
        const deadline = Date.now() + 30_000;
        while (disbursedThb(await partnershipOf(nc, probe.organisationId)) !== before + amount) {
          if (Date.now() > deadline) throw new Error('a disbursement did not reach the partnership view within 30 s');
          await new Promise((r) => setTimeout(r, 5));
        }
      };
      const timeOne = async (path: string) => {
        const t = performance.now();
        const body = await reads.get<{ groups: unknown[]; nextCursor: string | null }>(path);
        return { ms: performance.now() - t, body };
      };
      for (const groupBy of ['funder', 'partner', 'team'] as const) {
        const path = `/api/v1/portfolio?groupBy=${groupBy}`;
        const first = await timeOne(path);
        const warm = await closedLoop(1, 0, PORTFOLIO_MS, () => reads.get(path));
        const cold: number[] = [];
        for (let i = 0; i < PORTFOLIO_COLD; i++) {
          await change();
          cold.push((await timeOne(path)).ms);
        }
        const coldSorted = sortedCopy(cold);
        line(
          `  GET /portfolio?groupBy=${groupBy} (first page, ${first.body.groups.length} groups${first.body.nextCursor ? ', more pages' : ''}): ` +
            `repeated ${describe(warm)}; first query after a change: p50 ${ms(percentile(coldSorted, 50))} ms, max ${ms(coldSorted[coldSorted.length - 1])} ms (${PORTFOLIO_COLD} changes)`,
        );
        record({
          part: '6d',
          name: `GET /portfolio?groupBy=${groupBy}, first page (limit 50)`,
          value: `${pp(warm)} repeated; after a change p50 ${ms(percentile(coldSorted, 50))} ms, max ${ms(coldSorted[coldSorted.length - 1])} ms`,
          baseline: `GET /organisations/{id} ${pp(orgSeq)}`,
          ratio: '',
          target: '',
          met: null,
        });
      }
      {
        // context: every partner group, a page of 500 at a time, and a period filter
        const t = performance.now();
        let groups = 0;
        let pages = 0;
        for (let cursor: string | null = null; pages === 0 || cursor; pages++) {
          const page: { groups: unknown[]; nextCursor: string | null } = await reads.get(
            `/api/v1/portfolio?groupBy=partner&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          );
          groups += page.groups.length;
          cursor = page.nextCursor;
        }
        line(`  (context) every partner group, 500 a page: ${int(groups)} groups in ${pages} pages, ${int(performance.now() - t)} ms`);
        const from = addDays(today, -3 * 365);
        const to = addDays(today, -2 * 365);
        const period = await closedLoop(1, 0, 2000, () => reads.get(`/api/v1/portfolio?groupBy=funder&from=${from}&to=${to}`));
        line(`  (context) GET /portfolio?groupBy=funder&from=${from}&to=${to}: ${describe(period)}`);
      }

      // ---- projection lag under a spread write load, first at the rate the issue asks for
      const loadPool = new Pool(base, { connections: 64, pipelining: 1 });
      pools.push(loadPool);
      const load = http(loadPool, token);
      const mix = loadMix(load, h, today);
      const phase = (rate: number, windowMs: number) => lagPhase({ rate, windowMs, mix, writes, reads, nc, jsm, partners, tracked: probe, stack });
      const a = await phase(RATE, RATE_WINDOW_MS);
      recordLag('6b', `projection lag at ${RATE} commands/s offered for ${RATE_WINDOW_MS / 1000} s, spread over 4 services`, a, true);
      // The open loop offers RATE less the samplers' ~10/s.
      const sustained = a.load.rate >= RATE * 0.9 && a.backlogAtEnd < RATE / 2;
      if (!sustained) {
        const rate = Math.max(20, Math.round(Math.min(a.load.rate + 10, a.partnersRate) / 2));
        line(
          `  ${RATE}/s is more than the product takes here (answered ${int(a.load.rate)}/s, partners mirrored ${int(a.partnersRate)}/s): again at half of the lower, ${rate}/s`,
        );
        const b = await phase(rate, SUSTAINED_WINDOW_MS);
        recordLag('6b', `(context) projection lag at ${rate} commands/s, half of what the product took at ${RATE}/s`, b, false);
      }
      // memory after a catch-up of the whole history and the load (issue 13: under 1 GiB in all)
      const rss = [...stack.children].map(([name, child]) => ({ name, kib: rssKiB(child.pid) }));
      const total = rss.reduce((sum, p) => sum + p.kib, 0) / 1024;
      record({
        part: '6e',
        name: 'RSS of the whole embedded stack after the catch-up and the lag load',
        value: `${total.toFixed(0)} MiB (${rss.map((p) => `${p.name} ${(p.kib / 1024).toFixed(0)}`).join(', ')})`,
        baseline: '',
        ratio: '',
        target: `< ${TARGET_RSS_MIB} MiB`,
        met: total < TARGET_RSS_MIB,
      });
    } finally {
      await closePools();
      await closePartners();
      await closeNc();
      await stopStack();
    }
  } finally {
    await removeDir();
    await stopNats();
  }
}

function recordLag(part: string, name: string, p: LagPhase, withTarget: boolean): void {
  const lag = p.lag;
  record({
    part,
    name,
    value:
      `p50 ${ms(lag.p50)} ms, p99 ${ms(lag.p99)} ms (${lag.count} samples; open loop answered ${int(p.load.rate)}/s` +
      `${p.load.errors + p.errors ? `, ${p.load.errors + p.errors} errors` : ''}; partners backlog at the end ${int(p.backlogAtEnd)})`,
    baseline: `the sampled commands' own answers: ${pp(p.answers)}`,
    ratio: '',
    target: withTarget ? `p99 < ${LAG_TARGET_MS} ms` : '',
    met: withTarget ? lag.p99 < LAG_TARGET_MS && p.load.errors + p.errors === 0 : null,
  });
}

/**
 * The open loop's commands, in turn: a KPI report (mous), a proposal created (proposals, which the gateway checks
 * against partners), a proposal submitted (one the loop created, else a draft of the history), a disbursement
 * (funding) and an activity planned (events). None touches the tracked organisation.
 */
export function loadMix(api: Http, h: History, today: string): (i: number) => Promise<unknown> {
  if (h.loadMous.length === 0 || h.loadGrants.length === 0) throw new Error('the history has no active MOU or open grant for the load; raise BENCH_ORGS');
  const created: string[] = [];
  let draft = 0;
  const partnerPool = h.ordinary.slice(h.funders.length);
  const of = <T>(list: readonly T[], i: number) => list[i % list.length];
  const deadline = addDays(today, 30);
  const create = (i: number) =>
    api
      .post('/api/v1/proposals', {
        title: `ข้อเสนอโครงการ (benchmark) ${i}`,
        leadTeam: of(TEAMS, i),
        funderId: of(h.funders, i),
        partnerIds: [of(partnerPool, i * 7)],
        requestedAmount: { amount: 1_000_000_00 + i, currency: 'THB' },
        submissionDeadline: deadline,
        programme: 'Social innovation',
      })
      .then((r) => void created.push(r.id));
  const soon = Date.now() + 30 * 86_400_000;
  return (i: number) => {
    switch (i % 5) {
      case 0:
        return api.post(`/api/v1/mous/${of(h.loadMous, i)}/kpi-progress`, { kpiId: i % 2 ? 'kpi-2' : 'kpi-1', value: i, reportedOn: today, note: null });
      case 1:
        return create(i);
      case 2: {
        const id = created.shift() ?? h.drafts[draft++];
        return id ? api.post(`/api/v1/proposals/${id}/submission`, {}) : create(i);
      }
      case 3:
        return api.post(`/api/v1/grants/${of(h.loadGrants, i)}/disbursements`, { amount: { amount: 10_000, currency: 'THB' }, disbursedOn: today });
      default:
        return api.post('/api/v1/activities', {
          title: `Networking session (benchmark) ${i}`,
          kind: 'networking',
          organisationIds: [of(partnerPool, i * 3), of(partnerPool, i * 3 + 1)],
          startsAt: new Date(soon + i * 60_000).toISOString(),
          endsAt: new Date(soon + i * 60_000 + 7_200_000).toISOString(),
          location: 'Bangkok',
          leadTeam: of(TEAMS, i),
        });
    }
  };
}
