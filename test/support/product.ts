import { randomBytes } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import type { ConnectionOptions } from 'nats';
import { natsAuthFromEnv } from '@pmt/messaging';
import { freePort, tempDir } from '@pmt/testing';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startStack } = require('../../scripts/stack.js');

/** A fresh secret per run: a constant in the repository would be a secret everyone knows. */
export const SECRET = randomBytes(32).toString('base64url');

export interface Stack {
  env: Record<string, string>;
  ready: boolean;
  natsAuth?: { configFile: string; seedFiles: Record<string, string> };
  kill(name: string, signal?: string, restart?: boolean): Promise<void>;
  start(name: string): void;
  stop(): Promise<void>;
}

export interface Product {
  base: string;
  /** The stack's own nats-server (users and permissions on); `options` connect as the operator (`admin`), to inspect streams. */
  nats: { url: string; options: ConnectionOptions };
  dataDir: string;
  stack: Stack;
  token(roles: string[], sub?: string): string;
  api(method: string, path: string, options?: { body?: unknown; roles?: string[]; headers?: Record<string, string>; raw?: string }): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** The whole product from the built dist: its own nats-server (started by the stack, with users and permissions), its own DATA_DIR, real HTTP. */
/** `services`: only these domain services (and the gateway), ready once the gateway is live; default all, ready when /health/ready is. */
export async function startProduct(extraEnv: Record<string, string> = {}, options: { services?: string[] } = {}): Promise<Product> {
  const dir = tempDir('pmt-e2e-');
  const port = await freePort();
  const logs: string[] = [];
  const stack: Stack = await startStack({
    // port 0: the stack starts nats-server on a port of its choosing, with the generated users and permissions
    env: {
      PORT: String(port),
      NATS_URL: 'nats://127.0.0.1:0',
      DATA_DIR: dir.path,
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      // the stories send hundreds of requests a minute from one address; a spec about the limit sets its own
      RATE_LIMIT_PER_MINUTE: '0',
      ...extraEnv,
    },
    onLine: (name: string, line: string) => logs.push(`[${name}] ${line}`),
    // a budget, not a measure: on a shared machine under load seven processes may take a minute to be ready
    readyTimeoutMs: 120_000,
    ...(options.services && { services: options.services, readyPath: '/health/live' }),
  });
  if (!stack.ready) {
    await stack.stop();
    dir.remove();
    throw new Error(`the product did not become ready:\n${logs.slice(-40).join('\n')}`);
  }
  const base = `http://127.0.0.1:${port}`;
  const natsUrl = stack.env.NATS_URL;
  const admin = stack.natsAuth ? natsAuthFromEnv({ NATS_USER: 'admin', NATS_NKEY_SEED_FILE: stack.natsAuth.seedFiles.admin }) : {};
  const nats = { url: natsUrl, options: { servers: natsUrl, ...admin } };
  const token = (roles: string[], sub = 'officer@step.example') => sign({ sub, roles }, SECRET, { algorithm: 'HS256', expiresIn: '1h' });
  return {
    base,
    nats,
    dataDir: dir.path,
    stack,
    token,
    async api(method, path, options = {}) {
      const headers: Record<string, string> = { ...(options.headers ?? {}) };
      if (options.roles !== undefined || !('authorization' in headers)) headers.authorization = `Bearer ${token(options.roles ?? ['staff', 'auditor'])}`;
      let payload: string | undefined = options.raw;
      if (options.body !== undefined) {
        payload = JSON.stringify(options.body);
      }
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
      const res = await fetch(`${base}${path}`, { method, headers, body: payload });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, headers: res.headers, body, text };
    },
    async stop() {
      await stack.stop();
      dir.remove();
    },
  };
}
