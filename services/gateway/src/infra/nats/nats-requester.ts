import { CodedError, ERROR_KINDS, type ErrorBody, type ErrorKind } from '@pmt/kernel';
import { decodeReply, type Reply } from '@pmt/messaging';
import { connect, ErrorCode, Events, JSONCodec, type NatsConnection, type NatsError } from 'nats';

export interface NatsRequesterOptions {
  url: string;
  /** Default reply timeout. */
  timeoutMs: number;
  name?: string;
  /** Pause between first-connection attempts while NATS is not there yet. */
  retryMs?: number;
}

/** Every kind the kernel knows (one list, so that a new kind cannot turn into a 500 here). */
const KINDS: readonly ErrorKind[] = ERROR_KINDS;

const codec = JSONCodec();

const serviceOf = (subject: string) => subject.split('.')[0];

const unavailable = (subject: string, why: string) =>
  new CodedError('SERVICE.UNAVAILABLE', 'unavailable', `The ${serviceOf(subject)} service ${why}`, { subject });

/** A service's error body back into a CodedError; a reply that is not a Reply is the service's fault, not the caller's. */
function errorFromBody(subject: string, body: Partial<ErrorBody> | undefined): CodedError {
  if (!body || typeof body.code !== 'string' || typeof body.message !== 'string') {
    return new CodedError('GATEWAY.BAD_REPLY', 'internal', `malformed error reply on ${subject}`);
  }
  const kind = KINDS.includes(body.kind as ErrorKind) ? (body.kind as ErrorKind) : 'internal';
  return new CodedError(body.code, kind, body.message, body.details, body.errors);
}

/**
 * Core NATS request/reply with the wire contract's JSON Reply: one connection for the process, opened in the
 * background (the gateway starts and answers 503 while NATS is away), then kept alive by the client's reconnects.
 */
export class NatsRequester {
  private nc?: NatsConnection;
  private connected = false;
  private closed = false;
  private retryTimer?: NodeJS.Timeout;
  private firstConnection?: Promise<void>;

  constructor(private readonly options: NatsRequesterOptions) {}

  /** Starts connecting; resolves once the first attempt succeeds or fails (retries go on in the background), at most after `waitMs`. */
  async start(waitMs = 2000): Promise<void> {
    this.firstConnection ??= new Promise<void>((resolve) => this.attempt(resolve));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.firstConnection, new Promise<void>((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
  }

  isConnected(): boolean {
    return this.connected && !!this.nc && !this.nc.isClosed();
  }

  async request<T>(subject: string, payload: unknown, timeoutMs = this.options.timeoutMs): Promise<T> {
    const nc = this.nc;
    if (!nc || !this.isConnected()) throw unavailable(subject, 'cannot be reached: the gateway is not connected to NATS');
    let data: Uint8Array;
    try {
      const msg = await nc.request(subject, codec.encode(payload), { timeout: timeoutMs });
      data = msg.data;
    } catch (e) {
      const code = (e as NatsError).code;
      if (code === ErrorCode.NoResponders) throw unavailable(subject, 'is not running (no responders)');
      if (code === ErrorCode.Timeout) throw unavailable(subject, `did not answer within ${timeoutMs} ms`);
      throw unavailable(subject, 'cannot be reached');
    }
    let reply: Reply<T>;
    try {
      // plain JSON, or JSON followed by a field's bytes (a piece of an export: see encodeReply)
      reply = decodeReply(data) as Reply<T>;
    } catch {
      throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `reply on ${subject} is not JSON`);
    }
    if (!reply || typeof reply !== 'object' || typeof reply.ok !== 'boolean') {
      throw new CodedError('GATEWAY.BAD_REPLY', 'internal', `reply on ${subject} is not a Reply`);
    }
    if (reply.ok) return reply.value;
    throw errorFromBody(subject, reply.error);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const nc = this.nc;
    const wasConnected = this.isConnected();
    this.nc = undefined;
    this.connected = false;
    if (!nc || nc.isClosed()) return;
    // Draining waits for in-flight replies; without a server it would wait for a reconnect that may never come.
    if (wasConnected) await nc.drain().catch(() => nc.close());
    else await nc.close();
  }

  private attempt(onSettled: () => void): void {
    if (this.closed) return;
    connect({
      servers: this.options.url,
      name: this.options.name ?? 'gateway',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      noAsyncTraces: true,
    }).then(
      (nc) => {
        if (this.closed) {
          void nc.close();
          return;
        }
        this.nc = nc;
        this.connected = true;
        void this.watch(nc);
        onSettled();
      },
      () => {
        onSettled();
        if (!this.closed) this.retryTimer = setTimeout(() => this.attempt(() => undefined), this.options.retryMs ?? 1000);
      },
    );
  }

  private async watch(nc: NatsConnection): Promise<void> {
    try {
      for await (const s of nc.status()) {
        if (s.type === Events.Disconnect) this.connected = false;
        else if (s.type === Events.Reconnect) this.connected = true;
      }
    } catch {
      this.connected = false;
    }
  }
}
