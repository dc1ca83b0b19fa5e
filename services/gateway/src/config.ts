import path from 'node:path';
import { z } from 'zod';

export const DEV_JWT_SECRET = 'dev-secret-change-me';

export type Profile = 'embedded' | 'production';

/** Sign-in through the organisation's OpenID Connect provider; on when OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The `aud` the provider's access tokens must carry for this API: OIDC_AUDIENCE, else the client id. */
  audience: string;
  /** Where the roles and teams are in the provider's tokens; a dotted path reaches into objects (realm_access.roles). */
  rolesClaim: string;
  teamsClaim: string;
  scopes: string;
  /** OIDC_REDIRECT_URI, as registered at the provider; else `<origin of the login request>/api/v1/session/oidc/callback`. */
  redirectUri?: string;
}

export interface GatewayConfig {
  profile: Profile;
  /** 0 picks a free port. */
  port: number;
  host: string;
  natsUrl: string;
  jwtSecret: string;
  /** True when the secret is the embedded profile's built-in default (logged as a warning). */
  jwtSecretIsDefault: boolean;
  /** How long the gateway waits for a service's reply. */
  requestTimeoutMs: number;
  /** Readiness gives each service this long to answer its health subject. */
  healthTimeoutMs: number;
  /** Body size cap in bytes. */
  bodyLimitBytes: number;
  logLevel: string;
  /** The built web console served at `/`; not served when the folder has no index.html (console not built). */
  consoleDir: string;
  /** AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE: when set, bearer tokens must carry this `iss` / `aud`. */
  jwtIssuer?: string;
  jwtAudience?: string;
  /** DATA_DIR: where the local accounts and their sessions live (accounts.sqlite). */
  dataDir: string;
  /** SESSION_TTL_MINUTES: a session cookie dies after this long without use (each request renews it). */
  sessionTtlMinutes: number;
  /** TRUST_PROXY: believe X-Forwarded-Proto (behind a TLS-terminating proxy) when deciding on the Secure cookie flag. */
  trustProxy: boolean;
  oidc?: OidcConfig;
}

const env = z.object({
  PMT_PROFILE: z.enum(['embedded', 'production']).optional(),
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  NATS_URL: z.string().min(1).default('nats://127.0.0.1:4222'),
  AUTH_JWT_SECRET: z.string().min(1).optional(),
  AUTH_JWT_ISSUER: z.string().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().min(1).optional(),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  HEALTH_TIMEOUT_MS: z.coerce.number().int().positive().default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONSOLE_DIR: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SESSION_TTL_MINUTES: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .default(30),
  TRUST_PROXY: z.enum(['', '0', '1', 'false', 'true']).default(''),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  OIDC_TEAMS_CLAIM: z.string().min(1).default('teams'),
  OIDC_SCOPES: z.string().min(1).default('openid email profile'),
  OIDC_REDIRECT_URI: z.url().optional(),
});

function oidcFrom(e: z.output<typeof env>): OidcConfig | undefined {
  const set = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (set === 0) return undefined;
  // half a configuration would silently leave the provider's sign-in off
  if (set < 3) throw new Error('gateway configuration is invalid: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together (set all three, or none)');
  return {
    issuer: e.OIDC_ISSUER!,
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET!,
    audience: e.OIDC_AUDIENCE ?? e.OIDC_CLIENT_ID!,
    rolesClaim: e.OIDC_ROLES_CLAIM,
    teamsClaim: e.OIDC_TEAMS_CLAIM,
    scopes: e.OIDC_SCOPES,
    ...(e.OIDC_REDIRECT_URI && { redirectUri: e.OIDC_REDIRECT_URI }),
  };
}

/**
 * Environment first, then explicit overrides (tests and benchmarks pass these). Production refuses to start
 * without AUTH_JWT_SECRET: a default secret there would let anyone mint tokens.
 */
export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env, overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`gateway configuration is invalid: ${problems}`);
  }
  const e = parsed.data;
  const profile: Profile = overrides.profile ?? e.PMT_PROFILE ?? (e.NODE_ENV === 'production' ? 'production' : 'embedded');
  const secret = overrides.jwtSecret ?? e.AUTH_JWT_SECRET;
  if (!secret && profile === 'production') throw new Error('AUTH_JWT_SECRET is required in the production profile');
  return {
    profile,
    port: overrides.port ?? e.PORT,
    host: overrides.host ?? e.HOST,
    natsUrl: overrides.natsUrl ?? e.NATS_URL,
    jwtSecret: secret ?? DEV_JWT_SECRET,
    jwtSecretIsDefault: !secret,
    jwtIssuer: overrides.jwtIssuer ?? e.AUTH_JWT_ISSUER,
    jwtAudience: overrides.jwtAudience ?? e.AUTH_JWT_AUDIENCE,
    requestTimeoutMs: overrides.requestTimeoutMs ?? e.REQUEST_TIMEOUT_MS,
    healthTimeoutMs: overrides.healthTimeoutMs ?? e.HEALTH_TIMEOUT_MS,
    bodyLimitBytes: overrides.bodyLimitBytes ?? 1024 * 1024,
    logLevel: overrides.logLevel ?? e.LOG_LEVEL,
    consoleDir: overrides.consoleDir ?? e.CONSOLE_DIR ?? defaultConsoleDir(),
    dataDir: path.resolve(overrides.dataDir ?? e.DATA_DIR),
    sessionTtlMinutes: overrides.sessionTtlMinutes ?? e.SESSION_TTL_MINUTES,
    trustProxy: overrides.trustProxy ?? (e.TRUST_PROXY === '1' || e.TRUST_PROXY === 'true'),
    oidc: 'oidc' in overrides ? overrides.oidc : oidcFrom(e),
  };
}

/**
 * dist/console, found from this file: compiled it lives in dist/services/gateway/src (three levels below dist/), and
 * from source (ts-jest) in services/gateway/src (three levels below the repo root).
 */
function defaultConsoleDir(): string {
  const up = path.resolve(__dirname, '..', '..', '..');
  return path.basename(up) === 'dist' ? path.join(up, 'console') : path.join(up, 'dist', 'console');
}

export const GATEWAY_CONFIG_KEY = 'gateway';
