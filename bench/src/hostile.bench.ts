import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { performance } from 'node:perf_hooks';
import { sign } from 'jsonwebtoken';
import { hostileCredentials, hostileRequests, runHostile, type OpenApiDocument } from '../../libs/testing/src/hostile-requests';
import { onCleanup, trackChild } from './cleanup';
import { startStack } from './product.bench';
import { heading, line, record } from './report';
import { int } from './stats';
import { freePort, startNatsServer, tempDir } from './testing';

/** At least 10,000 (issue 12); HOSTILE_COUNT and HOSTILE_SEED change them. */
const COUNT = Number(process.env.HOSTILE_COUNT ?? 12_000);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261204);
const CONCURRENCY = 16;
const HOSTILE = 'hostile@bench.example';

/**
 * The full hostile run (the e2e spec sends 1,500 of the same kind): requests generated from the gateway's OpenAPI
 * document against the whole product. Targets: no 5xx and no request unanswered; nothing changed afterwards.
 */
export async function benchHostile(): Promise<void> {
  heading(`10. Hostile run: ${int(COUNT)} requests generated from the OpenAPI document (seed ${SEED}) against the whole product`);
  const nats = await startNatsServer();
  const stopNats = onCleanup(() => nats.stop());
  const dir = tempDir('pmt-bench-hostile-');
  const removeDir = onCleanup(() => dir.remove());
  try {
    const port = await freePort();
    const secret = randomBytes(32).toString('base64url');
    const logs: string[] = [];
    const stack = await startStack({
      env: { PORT: String(port), NATS_URL: nats.url, DATA_DIR: dir.path, AUTH_JWT_SECRET: secret, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' },
      onLine: (name, text) => {
        logs.push(`[${name}] ${text}`);
        if (logs.length > 200) logs.splice(0, logs.length - 100);
      },
      readyTimeoutMs: 60_000,
    });
    const stopStack = onCleanup(() => stack.stop());
    for (const child of stack.children.values()) trackChild(child);
    if (!stack.ready) throw new Error(`the product did not become ready within 60 s:\n${logs.slice(-40).join('\n')}`);
    const base = `http://127.0.0.1:${port}`;
    const bearer = (roles: string[], sub = 'officer@bench.example') => `Bearer ${sign({ sub, roles }, secret, { algorithm: 'HS256', expiresIn: '1h' })}`;
    const call = async (method: string, path: string, body?: unknown, authorization = bearer(['admin', 'auditor'])) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
      return json;
    };

    const knownIds: string[] = [];
    for (const name of ['สำนักงานนวัตกรรมแห่งชาติ', 'Chiang Mai University'])
      knownIds.push((await call('POST', '/api/v1/organisations', { name, kind: 'academic', country: 'TH' })).id as string);
    await call('POST', '/api/v1/calendar/feed-tokens', {}, bearer(['viewer'], HOSTILE));

    const list = async (path: string, authorization?: string) => {
      const b = (await call('GET', path, undefined, authorization)) as { items: Array<{ id?: string; version?: number }> };
      return b.items.map((i) => `${i.id}@${i.version}`).sort();
    };
    const stateOf = async () => ({
      lists: await Promise.all(['organisations', 'mous', 'proposals', 'grants', 'activities', 'notifications'].map((r) => list(`/api/v1/${r}?limit=500`))),
      auditEvents: (await list('/api/v1/audit/events?limit=500')).length,
      feedKeys: await list('/api/v1/calendar/feed-tokens', bearer(['viewer'], HOSTILE)),
    });
    let before = await stateOf();
    for (let i = 0; i < 40; i++) {
      await new Promise((r) => setTimeout(r, 250));
      const now = await stateOf();
      if (isDeepStrictEqual(now, before)) break;
      before = now;
    }

    const doc = (await (await fetch(`${base}/api/docs-json`)).json()) as OpenApiDocument;
    const requests = hostileRequests(doc, { count: COUNT, seed: SEED, credentials: hostileCredentials(secret, HOSTILE), knownIds, bodyLimitBytes: 512 * 1024 });
    const operations = new Set(requests.map((r) => r.operation)).size;
    const started = performance.now();
    const outcome = await runHostile(base, requests, CONCURRENCY);
    const seconds = (performance.now() - started) / 1000;
    const after = await stateOf();

    line(
      `  ${int(outcome.total)} requests over ${operations} operations in ${seconds.toFixed(1)} s (${int(outcome.total / seconds)}/s, ${CONCURRENCY} at a time)`,
    );
    line(
      `  answers by status: ${Object.entries(outcome.byStatus)
        .map(([s, n]) => `${s} ×${int(n)}`)
        .join(', ')}`,
    );
    for (const f of outcome.failures.slice(0, 20)) line(`  !! ${f.status} ${f.method} ${f.url} (${f.credential}; ${f.variant}): ${f.answer}`);
    record({
      part: '10',
      name: 'hostile requests answered without a 5xx',
      value: `${int(outcome.total - outcome.failures.length)} of ${int(outcome.total)}`,
      baseline: '',
      ratio: '',
      target: 'all',
      met: outcome.failures.length === 0 && outcome.total === COUNT,
    });
    record({
      part: '10',
      name: 'state after the hostile run',
      value: isDeepStrictEqual(after, before) ? 'unchanged' : 'CHANGED',
      baseline: '',
      ratio: '',
      target: 'unchanged',
      met: isDeepStrictEqual(after, before),
    });
    await stopStack();
  } finally {
    await stopNats();
    await removeDir();
  }
}
