import { Logger } from '@nestjs/common';
import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import { errorText, type MessagingLogger } from './logger';
import { natsAuthFromEnv } from './nats-auth';

/**
 * Reconnect forever with a short, jittered wait: a service outlives NATS restarts, and requests
 * made while disconnected fail fast with their own timeout rather than the connection dying.
 * `waitOnFirstConnect` lets a service start before NATS is up.
 */
export const natsConnectionDefaults = {
  reconnect: true,
  maxReconnectAttempts: -1,
  reconnectTimeWait: 500,
  reconnectJitter: 250,
  waitOnFirstConnect: true,
  timeout: 5_000,
  pingInterval: 10_000,
  maxPingOut: 3,
  // The client otherwise captures a stack trace for every request, to decorate timeouts: a cost on every command
  noAsyncTraces: true,
} satisfies Partial<ConnectionOptions>;

export interface ConnectNatsOptions extends Partial<ConnectionOptions> {
  /** Gets one line per disconnect and reconnect. Default: a Nest Logger named `nats:<name>`. */
  logger?: MessagingLogger;
}

/**
 * A NATS connection named after its owner (it shows in the server's connz), with the defaults above and the
 * process's own credentials and reply inbox from its environment (natsAuthFromEnv).
 */
export async function connectNats(url: string | string[], name: string, options: ConnectNatsOptions = {}): Promise<NatsConnection> {
  const { logger = new Logger(`nats:${name}`), ...overrides } = options;
  const nc = await connect({ ...natsConnectionDefaults, ...natsAuthFromEnv(), servers: url, name, ...overrides });
  void logStatus(nc, logger);
  return nc;
}

async function logStatus(nc: NatsConnection, logger: MessagingLogger): Promise<void> {
  try {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') logger.warn(`disconnected from ${String(s.data)}`);
      else if (s.type === 'reconnect') logger.log(`reconnected to ${String(s.data)}`);
      else if (s.type === 'error') logger.error(`connection error: ${String(s.data)}`);
    }
  } catch (e) {
    logger.warn(`status stream ended: ${errorText(e)}`);
  }
}

export interface NatsHealth {
  status: 'up' | 'down';
  /** Round trip to the server, when up. */
  rttMs?: number;
  server?: string;
  /** Why it is down. */
  reason?: string;
}

/** Up when a round trip to the server completes within `timeoutMs`. Never throws. */
export async function natsHealth(nc: NatsConnection | undefined, timeoutMs = 1_000): Promise<NatsHealth> {
  if (!nc) return { status: 'down', reason: 'not connected' };
  if (nc.isClosed()) return { status: 'down', reason: 'connection closed' };
  if (nc.isDraining()) return { status: 'down', reason: 'connection draining' };
  let timer: NodeJS.Timeout | undefined;
  try {
    const rttMs = await Promise.race([
      nc.rtt(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no round trip within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', rttMs, server: nc.getServer() };
  } catch (e) {
    return { status: 'down', reason: errorText(e), server: nc.getServer() };
  } finally {
    clearTimeout(timer);
  }
}
