#!/usr/bin/env node
// The browser tests drive Debian's chromium. CI runs as root on a fresh machine, so install it (and a Thai font, so
// Thai text renders in the screenshots) when it is missing.
const { existsSync } = require('node:fs');
const { spawnSync } = require('node:child_process');

if (!existsSync('/usr/bin/chromium')) {
  process.stdout.write('chromium is missing: installing it with apt-get\n');
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit' }).status === 0;
  if (!run(['update']) || !run(['install', '-y', 'chromium', 'fonts-thai-tlwg'])) {
    process.stderr.write('could not install chromium (apt-get install -y chromium needs root)\n');
    process.exit(1);
  }
}
