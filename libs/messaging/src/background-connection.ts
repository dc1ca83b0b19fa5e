import { Events, type NatsConnection } from 'nats';
import { connectNats, type ConnectNatsOptions } from './nats-connection';

export interface BackgroundNatsConnectionOptions {
  url: string | string[];
  /** Connection name (shows in the server's connz), and who is not connected in a 503's message. */
  name: string;
  /** Pause between first-connection attempts while NATS is not there yet. Default 1000 ms. */
  retryMs?: number;
  connection?: ConnectNatsOptions;
}

/** Where a NatsRequester takes its connection from when the connection may not be there (yet). */
export interface NatsConnectionSource {
  readonly name: string;
  /** The connection while it is connected, else undefined. */
  current(): NatsConnection | undefined;
}

/**
 * One connection for the process, opened in the background: the owner (the gateway) starts and answers 503 while
 * NATS is away; once connected, the client's reconnects keep it alive. `close` also stops the first attempts.
 */
export class BackgroundNatsConnection implements NatsConnectionSource {
  readonly name: string;
  private nc?: NatsConnection;
  private connected = false;
  private closed = false;
  private retryTimer?: NodeJS.Timeout;
  private firstConnection?: Promise<void>;

  constructor(private readonly options: BackgroundNatsConnectionOptions) {
    this.name = options.name;
  }

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

  current(): NatsConnection | undefined {
    return this.isConnected() ? this.nc : undefined;
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
    // Not waitOnFirstConnect: a failed first attempt must come back here, so that `close` can stop the retries.
    connectNats(this.options.url, this.options.name, {
      reconnectTimeWait: 250,
      ...this.options.connection,
      waitOnFirstConnect: false,
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
