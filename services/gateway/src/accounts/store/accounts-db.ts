import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ACCOUNTS_FILE = 'accounts.sqlite';

/** `DATA_DIR/accounts.sqlite`: local accounts and their sessions, shared by the gateway and `npm run user`. */
export function accountsFile(dataDir: string): string {
  return join(dataDir, ACCOUNTS_FILE);
}

/**
 * Opens (and creates) the accounts database. WAL lets `npm run user` write while the gateway reads; the busy timeout
 * makes either wait for the other's short transaction instead of failing.
 */
export function openAccountsDb(file: string): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.exec(`
    CREATE TABLE IF NOT EXISTS accounts (
      email TEXT PRIMARY KEY,
      name TEXT,
      roles TEXT NOT NULL,
      teams TEXT NOT NULL,
      password_hash TEXT NOT NULL,
      disabled INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sessions (
      id_hash TEXT PRIMARY KEY,
      email TEXT NOT NULL REFERENCES accounts(email) ON DELETE CASCADE,
      csrf_token TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS sessions_by_email ON sessions(email);
    -- sessions of users signed in through the OpenID Connect provider: no local account, the user as the provider said
    CREATE TABLE IF NOT EXISTS oidc_sessions (
      id_hash TEXT PRIMARY KEY,
      sub TEXT NOT NULL,
      email TEXT NOT NULL,
      name TEXT,
      roles TEXT NOT NULL,
      teams TEXT NOT NULL,
      csrf_token TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL
    );
    -- an authorization request on its way through the provider: PKCE verifier, nonce, where to go back to
    CREATE TABLE IF NOT EXISTS oidc_logins (
      state_hash TEXT PRIMARY KEY,
      code_verifier TEXT NOT NULL,
      nonce TEXT NOT NULL,
      return_to TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    );
  `);
  return db;
}
