#!/usr/bin/env node
// `npm run rebuild -- <service> [projection ...]`: drops a service's read models and rebuilds them from its events.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const path = require('node:path');

const [service, ...projections] = process.argv.slice(2);
const ROOT = path.resolve(__dirname, '..');
const entry = service && path.join(ROOT, 'dist', 'services', service, 'src', 'rebuild.js');
if (!service || !/^[a-z-]+$/.test(service)) {
  console.error('usage: npm run rebuild -- <service> [projection ...]   (stop the service first)');
  process.exit(2);
}
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status || 1);
if (!existsSync(entry)) {
  console.error(`no service "${service}" with projections to rebuild`);
  process.exit(2);
}
const run = spawnSync(process.execPath, [entry, ...projections], { stdio: 'inherit', env: process.env });
process.exit(run.status ?? 1);
