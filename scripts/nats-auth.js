#!/usr/bin/env node
// Writes the NATS users and permissions for docker compose and Kubernetes (docs/deploy.md, "NATS permissions"):
//   npm run nats-auth -- [dir]        (default deploy/nats-auth; builds first: the model lives in libs/service-kit)
// <dir>/nats-server.conf for the server (`nats-server -c nats-server.conf -js -sd <store>`), and one nkey seed per
// process in <dir>/users/<process>.nk, all owner-only. Seeds already there are kept; delete one to rotate it.
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// relative to where `npm run` was typed (npm itself runs scripts from the repository root)
const dir = process.argv[2] ? path.resolve(process.env.INIT_CWD || process.cwd(), process.argv[2]) : path.join(ROOT, 'deploy', 'nats-auth');
const { writeNatsAuthFiles, NATS_USERS } = require(path.join(ROOT, 'dist', 'libs', 'service-kit', 'src', 'index.js'));
const files = writeNatsAuthFiles(dir);
process.stdout.write(`server configuration: ${files.configFile}\n`);
for (const user of NATS_USERS) process.stdout.write(`${user.padEnd(14)} ${files.seedFiles[user]}\n`);
