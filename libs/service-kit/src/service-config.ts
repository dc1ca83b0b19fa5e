import { join, resolve } from 'node:path';
import { sealIntervalFromEnv } from './seal-config';

/** How a domain service is configured; every field comes from the environment (see docs/deploy.md). */
export interface ServiceConfig {
  service: string;
  natsUrl: string;
  dataDir: string;
  eventStore: 'sqlite' | 'kurrentdb';
  kurrentDbUrl?: string;
  readModel: 'embedded' | 'mongodb';
  mongoDbUrl?: string;
  /** How long a command waits for its projection before it answers anyway. */
  projectionWaitMs: number;
  /** Stream categories of the service's aggregates, so a shared KurrentDB shows each service only its own. */
  categories?: string[];
  /** SEAL_KEY_FILE: the Ed25519 seal key (PKCS#8 PEM); unset, one is generated under DATA_DIR/keys. */
  sealKeyFile?: string;
  /** SEAL_INTERVAL: how often stream heads are sealed; default 10 minutes. */
  sealIntervalMs?: number;
}

type Env = Record<string, string | undefined>;

export function serviceConfigFromEnv(service: string, env: Env = process.env): ServiceConfig {
  const eventStore = oneOf(env.EVENT_STORE ?? 'sqlite', ['sqlite', 'kurrentdb'] as const, 'EVENT_STORE');
  const readModel = oneOf(env.READ_MODEL ?? 'embedded', ['embedded', 'mongodb'] as const, 'READ_MODEL');
  if (eventStore === 'kurrentdb' && !env.KURRENTDB_URL) throw new Error('EVENT_STORE=kurrentdb needs KURRENTDB_URL');
  if (readModel === 'mongodb' && !env.MONGODB_URL) throw new Error('READ_MODEL=mongodb needs MONGODB_URL');
  return {
    service,
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    eventStore,
    kurrentDbUrl: env.KURRENTDB_URL,
    readModel,
    mongoDbUrl: env.MONGODB_URL,
    // well under the gateway's request timeout, so a stalled projection delays a reply but never turns a stored write into a 503
    projectionWaitMs: Number(env.PROJECTION_WAIT_MS ?? 2000),
    ...(env.SEAL_KEY_FILE ? { sealKeyFile: resolve(env.SEAL_KEY_FILE) } : {}),
    sealIntervalMs: sealIntervalFromEnv(env),
  };
}

export const sqliteFileOf = (config: ServiceConfig): string => join(config.dataDir, `${config.service}.sqlite`);

function oneOf<T extends string>(value: string, allowed: readonly T[], name: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`${name} must be one of ${allowed.join(', ')}; got "${value}"`);
}
