import type Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Account } from './account-store';

/** Who a session is for: a local account (sub = its email) or a user of the OpenID Connect provider. */
export interface SessionUser {
  sub: string;
  email: string;
  name?: string;
  roles: string[];
  teams: string[];
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
  expiresAt: Date;
}

export interface NewSession extends Session {
  /** The cookie value: shown once, only its hash is stored. */
  token: string;
}

export interface PendingLogin {
  codeVerifier: string;
  nonce: string;
  returnTo: string;
}

interface Row {
  csrf_token: string;
  expires_at: number;
  sub: string;
  email: string;
  name: string | null;
  roles: string;
  teams: string;
  disabled: number;
}

/** A stolen copy of the table does not sign anyone in: the cookie carries 256 random bits, the table their SHA-256. */
export const secretHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
export const randomSecret = (): string => randomBytes(32).toString('base64url');

/** Compares in constant time so that a CSRF token cannot be guessed byte by byte. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const PENDING_LOGIN_MS = 10 * 60_000;

const LOCAL = `SELECT s.csrf_token, s.expires_at, a.email AS sub, a.email, a.name, a.roles, a.teams, a.disabled
  FROM sessions s JOIN accounts a ON a.email = s.email WHERE s.id_hash = ?`;
const OIDC = `SELECT csrf_token, expires_at, sub, email, name, roles, teams, 0 AS disabled FROM oidc_sessions WHERE id_hash = ?`;

/** Server-side sessions in the accounts database: expiry slides forward on every use. */
export class SessionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly ttlMs: number,
  ) {}

  create(account: Account, now: Date): NewSession {
    const token = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    this.db
      .prepare('INSERT INTO sessions (id_hash, email, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(secretHash(token), account.email, csrfToken, expiresAt.getTime(), now.getTime());
    const { email, name, roles, teams } = account;
    return { token, user: { sub: email, email, ...(name && { name }), roles, teams }, csrfToken, expiresAt };
  }

  /** A session for a user the OpenID Connect provider vouched for (no local account behind it). */
  createExternal(user: SessionUser, now: Date): NewSession {
    const token = randomSecret();
    const csrfToken = randomSecret();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    this.db
      .prepare('INSERT INTO oidc_sessions (id_hash, sub, email, name, roles, teams, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        secretHash(token),
        user.sub,
        user.email,
        user.name ?? null,
        JSON.stringify(user.roles),
        JSON.stringify(user.teams),
        csrfToken,
        expiresAt.getTime(),
        now.getTime(),
      );
    return { token, user, csrfToken, expiresAt };
  }

  /**
   * The live session of this cookie value, renewed until now + TTL; undefined when unknown, expired or its account
   * disabled (an expired session is deleted on the way).
   */
  touch(token: string, now: Date): Session | undefined {
    const id = secretHash(token);
    for (const [query, table] of [
      [LOCAL, 'sessions'],
      [OIDC, 'oidc_sessions'],
    ] as const) {
      const row = this.db.prepare(query).get(id) as Row | undefined;
      if (!row) continue;
      if (row.expires_at <= now.getTime() || row.disabled === 1) {
        this.db.prepare(`DELETE FROM ${table} WHERE id_hash = ?`).run(id);
        return undefined;
      }
      const expiresAt = new Date(now.getTime() + this.ttlMs);
      this.db.prepare(`UPDATE ${table} SET expires_at = ? WHERE id_hash = ?`).run(expiresAt.getTime(), id);
      const user: SessionUser = {
        sub: row.sub,
        email: row.email,
        ...(row.name && { name: row.name }),
        roles: JSON.parse(row.roles) as string[],
        teams: JSON.parse(row.teams) as string[],
      };
      return { user, csrfToken: row.csrf_token, expiresAt };
    }
    return undefined;
  }

  end(token: string): void {
    const id = secretHash(token);
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(id);
    this.db.prepare('DELETE FROM oidc_sessions WHERE id_hash = ?').run(id);
  }

  /** Drops sessions and logins that expired unused, so the tables do not grow for ever. */
  sweep(now: Date): void {
    for (const table of ['sessions', 'oidc_sessions', 'oidc_logins']) this.db.prepare(`DELETE FROM ${table} WHERE expires_at <= ?`).run(now.getTime());
  }

  /** Keeps what the callback needs to finish an authorization request, under the hash of its `state`. */
  savePendingLogin(state: string, login: PendingLogin, now: Date): void {
    this.db
      .prepare('INSERT INTO oidc_logins (state_hash, code_verifier, nonce, return_to, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(secretHash(state), login.codeVerifier, login.nonce, login.returnTo, now.getTime() + PENDING_LOGIN_MS);
  }

  /** The pending login of this state, once: it is deleted as it is read, so a callback cannot be replayed. */
  takePendingLogin(state: string, now: Date): PendingLogin | undefined {
    const id = secretHash(state);
    const row = this.db.prepare('DELETE FROM oidc_logins WHERE state_hash = ? RETURNING code_verifier, nonce, return_to, expires_at').get(id) as
      { code_verifier: string; nonce: string; return_to: string; expires_at: number } | undefined;
    if (!row || row.expires_at <= now.getTime()) return undefined;
    return { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to };
  }
}
