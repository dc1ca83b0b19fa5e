import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { EventStore, Seal, SealStore } from '@pmt/event-store';
import { defaultSealKeyFile, EventStoreSealStore, loadSealKey, Sealer, StreamSeals, type SealKey } from '@pmt/event-sourcing';
import { errorText, type MessagingLogger } from '@pmt/messaging';
import { StorageType, type NatsConnection } from 'nats';
import type { ServiceConfig } from './service-config';

export interface ServiceSeals {
  key: SealKey;
  store: SealStore;
  streams: StreamSeals;
}

/**
 * The service's seal key and seal store, or undefined when sealing is off. The key is SEAL_KEY_FILE when set (it
 * must exist); else, in the embedded profile, `<DATA_DIR>/keys/<service>-seal.key.pem`, made on first start. The
 * production profile keeps nothing on local disk, so without SEAL_KEY_FILE it does not seal (and says so).
 * Seals live apart from the events: `<DATA_DIR>/<service>-seals.sqlite` beside the SQLite event store, the
 * stream `seals-<service>` in KurrentDB (outside the categories the service reads back).
 */
export async function openSeals(config: ServiceConfig, events: EventStore, log: MessagingLogger = new Logger('seals')): Promise<ServiceSeals | undefined> {
  if (config.sealKeyFile === undefined && config.eventStore === 'kurrentdb') {
    log.warn(`${config.service}: SEAL_KEY_FILE is not set: stream heads are not sealed, and verify checks the hash chain only`);
    return undefined;
  }
  // Where the key is gets logged when sealing starts (SealService.start), not here: tools such as rebuild open stores too.
  const key = loadSealKey(config.sealKeyFile ?? defaultSealKeyFile(config.dataDir, config.service), { generate: config.sealKeyFile === undefined });
  let store: SealStore;
  if (config.eventStore === 'kurrentdb') {
    store = new EventStoreSealStore(events, `seals-${config.service}`);
  } else {
    const { SqliteSealStore } = await import('@pmt/event-store-sqlite');
    store = SqliteSealStore.open(join(config.dataDir, `${config.service}-seals.sqlite`));
  }
  return { key, store, streams: new StreamSeals(store, key.publicKey, key.keyId, key.publicKeyPem, key.privateKey) };
}

/** `seals.<service>`: JetStream subject of a service's seals (the signed header; msg id = seal id). */
export const sealSubject = (service: string): string => `seals.${service}`;
export const sealStreamName = (service: string): string => `SEALS_${service.toUpperCase().replace(/[^A-Z0-9_-]/g, '_')}`;

/** What `<service>.audit.seal` answers. */
export interface SealReply {
  service: string;
  /** null when no stream moved since the last seal (nothing new to seal). */
  sealId: string | null;
  sealedAt: string | null;
  /** Streams whose heads this seal covers. */
  streams: number;
  root: string | null;
  /** Streams left unsealed because their new events do not chain onto their sealed version. */
  refused: Array<{ streamId: string; version: number }>;
}

/**
 * Seals on a timer and on demand, one pass at a time, and publishes each seal to JetStream. A seal whose
 * publication failed is published again after the next pass.
 */
export class SealService {
  private timer?: NodeJS.Timeout;
  private unpublished: Seal[] = [];
  private streamReady = false;
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly service: string,
    private readonly sealer: Sealer,
    private readonly intervalMs: number,
    private readonly nc?: NatsConnection,
    private readonly log: MessagingLogger = new Logger(`${service}:seals`),
  ) {}

  /** Logs where the key is (and that it was just made), then seals now and every interval. */
  start(key?: SealKey): void {
    if (key?.generated) this.log.log(`generated a seal key at ${key.file}; give auditors its public key: ${key.publicKeyFile}`);
    if (key) this.log.log(`sealing every ${this.intervalMs} ms with key ${key.keyId}${key.publicKeyFile ? ` (public key ${key.publicKeyFile})` : ''}`);
    const pass = () => void this.sealNow().catch((e) => this.log.error(`sealing failed: ${errorText(e)}`));
    // once at start too: a service restarted more often than the interval still seals
    pass();
    this.timer = setInterval(pass, this.intervalMs);
    this.timer.unref();
  }

  sealNow(): Promise<SealReply> {
    const pass = this.pass();
    this.running.add(pass);
    void pass.finally(() => this.running.delete(pass)).catch(() => undefined);
    return pass;
  }

  /** Stops the timer and waits for the passes under way, so that the stores can close under none. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.running]);
  }

  private async pass(): Promise<SealReply> {
    const { seal, refused } = await this.sealer.seal();
    for (const r of refused) this.log.error(`not sealing ${r.streamId}: version ${r.version} does not chain onto its sealed history`);
    if (seal) this.unpublished.push(seal);
    await this.publishPending();
    return {
      service: this.service,
      sealId: seal?.sealId ?? null,
      sealedAt: seal?.sealedAt ?? null,
      streams: seal?.leafCount ?? 0,
      root: seal?.root ?? null,
      refused,
    };
  }

  private async publishPending(): Promise<void> {
    if (!this.nc || this.nc.isClosed()) return;
    try {
      if (!this.streamReady) await this.ensureStream(this.nc);
      const js = this.nc.jetstream();
      while (this.unpublished.length > 0) {
        const seal = this.unpublished[0];
        // the seal id is the message id: a seal published twice is kept once
        await js.publish(sealSubject(this.service), Buffer.from(JSON.stringify(seal), 'utf8'), { msgID: seal.sealId });
        this.unpublished.shift();
      }
    } catch (e) {
      this.log.warn(`could not publish ${this.unpublished.length} seal(s) to JetStream yet: ${errorText(e)}`);
    }
  }

  private async ensureStream(nc: NatsConnection): Promise<void> {
    const jsm = await nc.jetstreamManager();
    const name = sealStreamName(this.service);
    const exists = () =>
      jsm.streams.info(name).then(
        () => true,
        () => false,
      );
    if (!(await exists())) {
      // another instance may create it at the same time: fine when it exists afterwards
      await jsm.streams.add({ name, subjects: [sealSubject(this.service)], storage: StorageType.File }).catch(async (e: unknown) => {
        if (!(await exists())) throw e;
      });
    }
    this.streamReady = true;
  }
}
