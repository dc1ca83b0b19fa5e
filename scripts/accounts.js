// Shared by `npm run user` and `npm run seed`: the gateway's account store, from the build (built first if missing),
// on the same DATA_DIR as `npm start` (./data unless DATA_DIR says otherwise).
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STORE = path.join(ROOT, 'dist', 'services', 'gateway', 'src', 'accounts', 'store', 'account-store.js');

function dataDir() {
  return path.resolve(process.env.DATA_DIR || path.join(ROOT, 'data'));
}

/** `AccountStore` opened on DATA_DIR/accounts.sqlite. */
function openAccounts() {
  if (!existsSync(STORE)) {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status || 1);
  }
  const { AccountStore, AccountError } = require(STORE);
  return { store: AccountStore.open(dataDir()), AccountError };
}

module.exports = { openAccounts, dataDir };
