import type Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Account } from './account-store';

export interface Session {
  account: Account;
  csrfToken: string;
  expiresAt: Date;
}

export interface NewSession extends Session {
  /** The cookie value: shown once, only its hash is stored. */
  token: string;
}

interface Row {
  csrf_token: string;
  expires_at: number;
  email: string;
  name: string | null;
  roles: string;
  teams: string;
  disabled: number;
  created_at: string;
}

/** A stolen copy of the table does not sign anyone in: the cookie carries 256 random bits, the table their SHA-256. */
const idHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');
const random = (): string => randomBytes(32).toString('base64url');

/** Compares in constant time so that a CSRF token cannot be guessed byte by byte. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Server-side sessions in the accounts database: expiry slides forward on every use. */
export class SessionStore {
  constructor(
    private readonly db: Database.Database,
    private readonly ttlMs: number,
  ) {}

  create(account: Account, now: Date): NewSession {
    const token = random();
    const csrfToken = random();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    this.db
      .prepare('INSERT INTO sessions (id_hash, email, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(idHash(token), account.email, csrfToken, expiresAt.getTime(), now.getTime());
    return { token, account, csrfToken, expiresAt };
  }

  /**
   * The live session of this cookie value, renewed until now + TTL; undefined when unknown, expired or its account
   * disabled (an expired session is deleted on the way).
   */
  touch(token: string, now: Date): Session | undefined {
    const id = idHash(token);
    const row = this.db
      .prepare(
        `SELECT s.csrf_token, s.expires_at, a.email, a.name, a.roles, a.teams, a.disabled, a.created_at
         FROM sessions s JOIN accounts a ON a.email = s.email WHERE s.id_hash = ?`,
      )
      .get(id) as Row | undefined;
    if (!row) return undefined;
    if (row.expires_at <= now.getTime() || row.disabled === 1) {
      this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(id);
      return undefined;
    }
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    this.db.prepare('UPDATE sessions SET expires_at = ? WHERE id_hash = ?').run(expiresAt.getTime(), id);
    return {
      account: {
        email: row.email,
        ...(row.name && { name: row.name }),
        roles: JSON.parse(row.roles) as string[],
        teams: JSON.parse(row.teams) as string[],
        disabled: false,
        createdAt: row.created_at,
      },
      csrfToken: row.csrf_token,
      expiresAt,
    };
  }

  end(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash(token));
  }

  /** Drops sessions that expired without a sign-out, so the table does not grow for ever. */
  sweep(now: Date): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now.getTime()).changes;
  }
}
