import type { ErrorBody } from '@pmt/kernel';
import type { Reply } from '@pmt/messaging';
import { connect, JSONCodec, type NatsConnection, type Subscription } from 'nats';

export interface Received {
  subject: string;
  /** Decoded CommandMessage / QueryMessage. */
  message: Record<string, unknown>;
  /** The bytes as they arrived, to check text survives byte for byte. */
  raw: Uint8Array;
}

/** Returns the Reply to send, or `undefined` to stay silent (the gateway then times out). */
export type Handler = (message: Record<string, unknown>) => Reply | undefined | Promise<Reply | undefined>;

const codec = JSONCodec();

export const ok = <T>(value: T): Reply<T> => ({ ok: true, value });
export const fail = (error: ErrorBody): Reply => ({ ok: false, error });

/**
 * Stands in for the services in gateway tests: answers chosen subjects with canned Reply JSON over raw NATS and
 * records every message it received.
 */
export class FakeServices {
  readonly received: Received[] = [];
  private readonly subs = new Map<string, Subscription>();

  private constructor(private readonly nc: NatsConnection) {}

  static async start(url: string): Promise<FakeServices> {
    return new FakeServices(await connect({ servers: url, name: 'fake-services' }));
  }

  /** Replaces any earlier handler for the subject. */
  async handle(subject: string, handler: Handler): Promise<void> {
    this.subs.get(subject)?.unsubscribe();
    const sub = this.nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return;
        const message = codec.decode(msg.data) as Record<string, unknown>;
        this.received.push({ subject, message, raw: msg.data });
        void Promise.resolve(handler(message)).then((reply) => {
          if (reply !== undefined) msg.respond(codec.encode(reply));
        });
      },
    });
    this.subs.set(subject, sub);
    await this.nc.flush();
  }

  /** No subscriber left: requests on the subject meet "no responders". */
  async drop(subject: string): Promise<void> {
    this.subs.get(subject)?.unsubscribe();
    this.subs.delete(subject);
    await this.nc.flush();
  }

  last(subject: string): Received | undefined {
    return [...this.received].reverse().find((r) => r.subject === subject);
  }

  all(subject: string): Received[] {
    return this.received.filter((r) => r.subject === subject);
  }

  clear(): void {
    this.received.length = 0;
  }

  async stop(): Promise<void> {
    await this.nc.drain();
  }
}
