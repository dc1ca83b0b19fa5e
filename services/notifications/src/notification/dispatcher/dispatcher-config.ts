import type { RetryPolicy } from '../index';

type Env = Record<string, string | undefined>;

/** How the dispatcher runs; every field comes from the environment (docs/notifications.md lists them). */
export interface DispatcherConfig {
  /** Between two passes over what is due. */
  intervalMs: number;
  retry: RetryPolicy;
  /** The limit of one delivery (SMTP connection and send, webhook request). */
  deliveryTimeoutMs: number;
  /**
   * An attempt still unresolved this long after it started belongs to a process that died mid-attempt: its
   * outcome is unknown. Longer than any delivery can take, so a live dispatcher's attempt is never taken for one.
   */
  attemptLeaseMs: number;
  /** Send again after an unknown outcome (at least once; receivers drop repeats by id), or give up (at most once). */
  resendUncertain: boolean;
  /** Deliveries in flight at once. */
  concurrency: number;
  smtpUrl?: string;
  smtpFrom?: string;
}

export function dispatcherConfigFromEnv(env: Env = process.env): DispatcherConfig {
  const deliveryTimeoutMs = whole(env, 'NOTIFY_DELIVERY_TIMEOUT_MS', 15_000);
  const config: DispatcherConfig = {
    intervalMs: whole(env, 'NOTIFY_INTERVAL_MS', 5_000),
    retry: {
      baseMs: whole(env, 'NOTIFY_RETRY_BASE_MS', 30_000),
      capMs: whole(env, 'NOTIFY_RETRY_CAP_MS', 3_600_000),
      maxAttempts: whole(env, 'NOTIFY_MAX_ATTEMPTS', 8),
    },
    deliveryTimeoutMs,
    attemptLeaseMs: whole(env, 'NOTIFY_ATTEMPT_LEASE_MS', Math.max(120_000, 4 * deliveryTimeoutMs)),
    resendUncertain: flag(env, 'NOTIFY_RESEND_UNCERTAIN', true),
    concurrency: whole(env, 'NOTIFY_CONCURRENCY', 4),
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || undefined,
  };
  if (config.attemptLeaseMs <= config.deliveryTimeoutMs) {
    throw new Error(`NOTIFY_ATTEMPT_LEASE_MS (${config.attemptLeaseMs}) must be longer than NOTIFY_DELIVERY_TIMEOUT_MS (${deliveryTimeoutMs})`);
  }
  return config;
}

function whole(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1; got "${raw}"`);
  return n;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false; got "${raw}"`);
}
