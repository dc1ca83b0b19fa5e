#!/usr/bin/env node
// Local accounts of the embedded profile, in DATA_DIR/accounts.sqlite (the gateway may be running meanwhile):
//   npm run user -- add <email> --roles staff[,auditor] [--teams IASA,NMCO] [--name "Somchai"] [--password <pw>]
//   npm run user -- list
//   npm run user -- disable <email>
//   npm run user -- password <email> [--password <pw>]
// Without --password the password is asked on the terminal, not echoed, twice.
const { parseArgs } = require('node:util');
const { openAccounts, dataDir } = require('./accounts');

const USAGE = `usage:
  npm run user -- add <email> --roles staff[,auditor] [--teams IASA,NMCO] [--name "Full Name"] [--password <pw>]
  npm run user -- list
  npm run user -- disable <email>
  npm run user -- password <email> [--password <pw>]
roles: admin, staff, auditor, viewer. Accounts live in ${dataDir()}/accounts.sqlite (set DATA_DIR to use another).`;

const list = (s) =>
  (s || '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Reads one line without echo when stdin is a terminal (raw mode, so nothing is printed as it is typed). */
function askHidden(prompt) {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    if (!input.isTTY) {
      // piped: the first line of stdin
      let buffer = '';
      input.setEncoding('utf8');
      input.on('data', (c) => (buffer += c));
      input.on('end', () => resolve(buffer.split(/\r?\n/)[0]));
      return;
    }
    let answer = '';
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.resume();
    const done = (fn) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      fn();
    };
    const onData = (chunk) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(answer));
        if (ch === '\u0003') return done(() => reject(new Error('cancelled')));
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else if (ch >= ' ') answer += ch;
      }
    };
    input.on('data', onData);
  });
}

async function newPassword(given) {
  if (given !== undefined) return given;
  const first = await askHidden('Password: ');
  if (!process.stdin.isTTY) return first;
  const again = await askHidden('Password again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      roles: { type: 'string' },
      teams: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, email] = positionals;
  if (values.help || !command) return console.log(USAGE);
  if (!['add', 'list', 'disable', 'password'].includes(command) || (command !== 'list' && !email)) {
    console.error(USAGE);
    process.exit(2);
  }
  const { store, AccountError } = openAccounts();
  try {
    if (command === 'list') {
      for (const a of store.list())
        console.log(`${a.email}\troles=${a.roles.join(',')}\tteams=${a.teams.join(',') || '-'}${a.disabled ? '\tDISABLED' : ''}${a.name ? `\t${a.name}` : ''}`);
      return;
    }
    if (command === 'disable') {
      store.disable(email);
      return console.log(`${email.toLowerCase()} is disabled; its sessions have ended`);
    }
    if (command === 'password') {
      await store.setPassword(email, await newPassword(values.password));
      return console.log(`new password set for ${email.toLowerCase()}; its sessions have ended`);
    }
    if (!values.roles) throw new AccountError('--roles is required (admin, staff, auditor, viewer)');
    if (store.find(email)) throw new AccountError(`an account for ${email.toLowerCase()} exists already`);
    const account = await store.add({
      email,
      roles: list(values.roles),
      teams: list(values.teams),
      name: values.name,
      password: await newPassword(values.password),
    });
    console.log(`added ${account.email} (roles ${account.roles.join(', ')}; teams ${account.teams.join(', ') || 'none'})`);
  } catch (e) {
    if (e instanceof AccountError || e.message === 'the two passwords differ' || e.message === 'cancelled') {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  } finally {
    store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
