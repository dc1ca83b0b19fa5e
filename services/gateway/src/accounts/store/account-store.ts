import { hash, verify } from '@node-rs/argon2';
import type Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { ROLES } from '@pmt/http';
import { accountsFile, openAccountsDb } from './accounts-db';

export interface Account {
  email: string;
  name?: string;
  roles: string[];
  teams: string[];
  disabled: boolean;
  createdAt: string;
}

export interface NewAccount {
  email: string;
  password: string;
  roles: string[];
  teams: string[];
  name?: string;
}

interface Row {
  email: string;
  name: string | null;
  roles: string;
  teams: string;
  password_hash: string;
  disabled: number;
  created_at: string;
}

export class AccountError extends Error {}

/** Emails are compared as typed by nobody in particular: trimmed and lower-cased, so Staff@X and staff@x are one account. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const TEAM = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 8;

function check(account: NewAccount): void {
  if (!EMAIL.test(normaliseEmail(account.email))) throw new AccountError(`not an email address: ${account.email}`);
  const unknown = account.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (account.roles.length === 0) throw new AccountError(`an account needs at least one role (${ROLES.join(', ')})`);
  if (unknown.length) throw new AccountError(`unknown role(s): ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  const badTeam = account.teams.find((t) => !TEAM.test(t));
  if (badTeam !== undefined) throw new AccountError(`not a team name: "${badTeam}" (letters, digits, . _ -)`);
  if (account.password.length < MIN_PASSWORD_LENGTH) throw new AccountError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
}

const toAccount = (r: Row): Account => ({
  email: r.email,
  ...(r.name && { name: r.name }),
  roles: JSON.parse(r.roles) as string[],
  teams: JSON.parse(r.teams) as string[],
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

/**
 * Local accounts of the embedded profile. Passwords are kept only as argon2id hashes (@node-rs/argon2's default
 * algorithm and parameters, the OWASP minimum: 19 MiB, 2 passes).
 */
export class AccountStore {
  /** Verified against when the email is unknown, so a wrong email costs what a wrong password costs. */
  private decoy?: Promise<string>;

  constructor(readonly db: Database.Database) {}

  static open(dataDir: string): AccountStore {
    return new AccountStore(openAccountsDb(accountsFile(dataDir)));
  }

  async add(account: NewAccount, now = new Date()): Promise<Account> {
    check(account);
    const email = normaliseEmail(account.email);
    const passwordHash = await hash(account.password);
    const row: Row = {
      email,
      name: account.name ?? null,
      roles: JSON.stringify([...new Set(account.roles)]),
      teams: JSON.stringify([...new Set(account.teams)]),
      password_hash: passwordHash,
      disabled: 0,
      created_at: now.toISOString(),
    };
    try {
      this.db
        .prepare(
          'INSERT INTO accounts (email, name, roles, teams, password_hash, disabled, created_at) VALUES (@email, @name, @roles, @teams, @password_hash, @disabled, @created_at)',
        )
        .run(row);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new AccountError(`an account for ${email} exists already`);
      throw e;
    }
    return toAccount(row);
  }

  /** A new password; every session of the account ends (whoever had it signed in must sign in again). */
  async setPassword(email: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) throw new AccountError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
    const passwordHash = await hash(password);
    const key = normaliseEmail(email);
    this.db.transaction(() => {
      const changed = this.db.prepare('UPDATE accounts SET password_hash = ? WHERE email = ?').run(passwordHash, key).changes;
      if (changed === 0) throw new AccountError(`no account for ${key}`);
      this.db.prepare('DELETE FROM sessions WHERE email = ?').run(key);
    })();
  }

  find(email: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE email = ?').get(normaliseEmail(email)) as Row | undefined;
    return row && toAccount(row);
  }

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY email').all() as Row[]).map(toAccount);
  }

  /** Disabling ends the account's sessions at once; sessions also check the flag on every request. */
  disable(email: string): void {
    const key = normaliseEmail(email);
    this.db.transaction(() => {
      const changed = this.db.prepare('UPDATE accounts SET disabled = 1 WHERE email = ?').run(key).changes;
      if (changed === 0) throw new AccountError(`no account for ${key}`);
      this.db.prepare('DELETE FROM sessions WHERE email = ?').run(key);
    })();
  }

  /**
   * The account when the password is right and the account enabled; otherwise undefined, after the same argon2
   * verification (against a decoy hash when the email is unknown), so the answer and its cost say nothing of which.
   */
  async verify(email: string, password: string): Promise<Account | undefined> {
    const row = this.db.prepare('SELECT * FROM accounts WHERE email = ?').get(normaliseEmail(email)) as Row | undefined;
    const hashed = row?.password_hash ?? (await this.decoyHash());
    const matches = await verify(hashed, password).catch(() => false);
    return row && matches && row.disabled === 0 ? toAccount(row) : undefined;
  }

  /** Computes the decoy hash ahead of the first sign-in, so that even the first unknown email costs one verification. */
  prepare(): Promise<void> {
    return this.decoyHash().then(() => undefined);
  }

  close(): void {
    this.db.close();
  }

  private decoyHash(): Promise<string> {
    this.decoy ??= hash(randomBytes(24).toString('base64url'));
    return this.decoy;
  }
}
