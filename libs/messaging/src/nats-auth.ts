import { readFileSync } from 'node:fs';
import { credsAuthenticator, nkeyAuthenticator, usernamePasswordAuthenticator, type ConnectionOptions } from 'nats';

/**
 * Who this process is on NATS, from its environment (docs/deploy.md, "NATS permissions"):
 * - `NATS_NKEY_SEED_FILE`: a file holding the user's nkey seed (`SU...`), what the embedded profile generates;
 * - `NATS_CREDS_FILE`: a decentralised-auth `.creds` file (JWT and seed), for servers run with an operator;
 * - `NATS_USER` with `NATS_PASSWORD` (or `NATS_PASSWORD_FILE`): a plain user and password.
 * `NATS_USER` also names the process's reply inbox, `_INBOX_<user>.>`: the server lets only that user read it,
 * so no other process can read its replies. `NATS_INBOX_PREFIX` overrides the prefix.
 * Nothing set: no credentials and the client's default inbox, for an open server (tests, a laptop's own NATS).
 */
export function natsAuthFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ConnectionOptions> {
  const options: Partial<ConnectionOptions> = {};
  const user = env.NATS_USER?.trim() || undefined;
  if (env.NATS_NKEY_SEED_FILE) {
    options.authenticator = nkeyAuthenticator(new TextEncoder().encode(readFileSync(env.NATS_NKEY_SEED_FILE, 'utf8').trim()));
  } else if (env.NATS_CREDS_FILE) {
    options.authenticator = credsAuthenticator(readFileSync(env.NATS_CREDS_FILE));
  } else if (user && (env.NATS_PASSWORD !== undefined || env.NATS_PASSWORD_FILE)) {
    const password = env.NATS_PASSWORD_FILE ? readFileSync(env.NATS_PASSWORD_FILE, 'utf8').trim() : (env.NATS_PASSWORD ?? '');
    options.authenticator = usernamePasswordAuthenticator(user, password);
  }
  const inboxPrefix = env.NATS_INBOX_PREFIX?.trim() || (user ? natsInboxPrefix(user) : undefined);
  if (inboxPrefix) options.inboxPrefix = inboxPrefix;
  return options;
}

/** `_INBOX_<user>`: the only inbox a user may subscribe to (its replies, JetStream acks and pulled messages arrive there). */
export function natsInboxPrefix(user: string): string {
  return `_INBOX_${user.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
