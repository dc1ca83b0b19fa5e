import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { newId } from '@pmt/kernel';
import type { CommandMessage, CommandResult } from '@pmt/messaging';
import type { Clock } from '@pmt/kernel';
import { startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import type { DestinationStream } from 'pino';
import { createGatewayApp, type GatewayApp } from '../../app';
import { FakeServices, fail, ok } from './fake-services';
import { HEALTH_SUBJECTS } from '../nats/subjects';

/** A fresh secret per run: a constant in the repository would be a secret everyone knows. */
export const SECRET = randomBytes(32).toString('base64url');

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON when the body is JSON. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as is, not JSON-encoded. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
}

export interface Harness {
  nats: TestNatsServer;
  fake: FakeServices;
  gateway: GatewayApp;
  /** The gateway's own DATA_DIR (local accounts, calendar feed keys), a temp dir removed by stop(). */
  dataDir: string;
  /** An HS256 token that lives an hour unless told otherwise; `claims` adds or overrides claims (exp: undefined drops it). */
  token(roles: string[], sub?: string, options?: { expiresIn?: number; secret?: string; claims?: Record<string, unknown> }): string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResult>;
  /** Organisation ids partners.organisation.get knows. */
  organisations: Map<string, Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A command handler that answers like a service would: new id on create, version + 1 otherwise, first answer for a repeated command id. */
export function commandEcho(kind: 'create' | 'update') {
  const versions = new Map<string, number>();
  const answered = new Map<string, CommandResult>();
  return (m: Record<string, unknown>) => {
    const msg = m as unknown as CommandMessage;
    const first = answered.get(msg.commandId);
    if (first) return ok({ ...first, position: 0 });
    const id = kind === 'create' ? newId() : (msg.id as string);
    const version = (versions.get(id) ?? (kind === 'create' ? 0 : 1)) + 1;
    versions.set(id, version);
    const result: CommandResult = { id, version, position: answered.size + 1, resource: { id, ...msg.data, version } };
    answered.set(msg.commandId, result);
    return ok(result);
  };
}

const COMMANDS: [string, 'create' | 'update'][] = [
  ['partners.organisation.register', 'create'],
  ['partners.organisation.add-contact', 'update'],
  ['partners.organisation.rename', 'update'],
  ['partners.organisation.archive', 'update'],
  ['mous.mou.create', 'create'],
  ['mous.mou.revise-terms', 'update'],
  ['mous.mou.request-signatures', 'update'],
  ['mous.mou.sign', 'update'],
  ['mous.mou.amend', 'update'],
  ['mous.mou.report-kpi-progress', 'update'],
  ['mous.mou.renew', 'update'],
  ['mous.mou.terminate', 'update'],
  ['funding.grant.open', 'create'],
  ['funding.grant.schedule-tranches', 'update'],
  ['funding.grant.disburse', 'update'],
  ['funding.grant.record-expenditure', 'update'],
  ['funding.grant.commit-co-investment', 'update'],
  ['funding.grant.close-out', 'update'],
  ['proposals.proposal.create', 'create'],
  ['proposals.proposal.revise-draft', 'update'],
  ['proposals.proposal.note-review', 'update'],
  ['proposals.proposal.submit', 'update'],
  ['proposals.proposal.decide', 'update'],
  ['proposals.proposal.resubmit', 'update'],
  ['proposals.proposal.withdraw', 'update'],
];

export interface HarnessOptions {
  requestTimeoutMs?: number;
  healthTimeoutMs?: number;
  logLevel?: string;
  logDestination?: DestinationStream;
  /** The built console to serve at `/` (the repo's dist/console when absent). */
  consoleDir?: string;
  /** Session expiry reads it. */
  clock?: Clock;
  sessionTtlMinutes?: number;
  trustProxy?: boolean;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** Default 0 (off): most specs send many requests; the rate-limit spec sets one. */
  rateLimitPerMinute?: number;
  bodyLimitBytes?: number;
}

export async function startHarness(overrides: HarnessOptions = {}): Promise<Harness> {
  const nats = await startNatsServer();
  const fake = await FakeServices.start(nats.url);
  const organisations = new Map<string, Record<string, unknown>>();
  // accounts.sqlite and feed-tokens.sqlite live here, never in the checkout's data/
  const dataDir = tempDir('pmt-gateway-');

  for (const [subject, kind] of COMMANDS) await fake.handle(subject, commandEcho(kind));
  await fake.handle('partners.organisation.get', (m) => {
    const id = (m.params as { id: string }).id;
    const org = organisations.get(id);
    return org ? ok(org) : fail({ code: 'ORGANISATION.NOT_FOUND', kind: 'not-found', message: `no organisation ${id}` });
  });
  for (const service of Object.keys(HEALTH_SUBJECTS)) {
    await fake.handle(`${service}.health`, () => ok({ status: 'up', checks: { eventStore: 'up', readModel: 'up' } }));
  }

  const gateway = await createGatewayApp(
    {
      port: 0,
      host: '127.0.0.1',
      natsUrl: nats.url,
      jwtSecret: SECRET,
      logLevel: overrides.logLevel ?? 'silent',
      requestTimeoutMs: overrides.requestTimeoutMs ?? 2000,
      healthTimeoutMs: overrides.healthTimeoutMs ?? 1000,
      // no console unless a spec serves one: whether `npm run build` has built dist/console must not change what the API answers
      consoleDir: overrides.consoleDir ?? path.join(dataDir.path, 'no-console'),
      dataDir: dataDir.path,
      ...(overrides.sessionTtlMinutes !== undefined && { sessionTtlMinutes: overrides.sessionTtlMinutes }),
      ...(overrides.trustProxy !== undefined && { trustProxy: overrides.trustProxy }),
      ...(overrides.jwtIssuer !== undefined && { jwtIssuer: overrides.jwtIssuer }),
      ...(overrides.jwtAudience !== undefined && { jwtAudience: overrides.jwtAudience }),
      rateLimitPerMinute: overrides.rateLimitPerMinute ?? 0,
      ...(overrides.bodyLimitBytes !== undefined && { bodyLimitBytes: overrides.bodyLimitBytes }),
    },
    { logDestination: overrides.logDestination, clock: overrides.clock },
  );
  const jwt = new JwtService({ secret: SECRET });

  return {
    nats,
    fake,
    gateway,
    dataDir: dataDir.path,
    organisations,
    token: (roles, sub = 'user-1', options = {}) => {
      // tokens must expire (the gateway refuses one without exp), so the helper gives every token an hour by default
      const now = Math.floor(Date.now() / 1000);
      const claims: Record<string, unknown> = { sub, roles, iat: now, exp: now + (options.expiresIn ?? 3600), ...options.claims };
      for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
      return jwt.sign(claims, { secret: options.secret ?? SECRET, algorithm: 'HS256' });
    },
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | Buffer | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${gateway.url}${path}`, { method, headers, body });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, text, body: parsed };
    },
    async stop() {
      await gateway.close();
      await fake.stop();
      await nats.stop();
      dataDir.remove();
    },
  };
}
