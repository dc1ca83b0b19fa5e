#!/usr/bin/env node
// Prints a bearer token for the embedded profile: npm run token -- --sub someone@example.org --roles staff[,auditor]
const jwt = require('jsonwebtoken');
const { jwtSecret } = require('./jwt-secret');
const { parseArgs } = require('node:util');

const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'staff@example.org' },
    roles: { type: 'string', default: 'staff' },
    ttl: { type: 'string', default: '8h' },
  },
});
const roles = values.roles
  .split(',')
  .map((r) => r.trim())
  .filter(Boolean);
const known = ['admin', 'staff', 'auditor', 'viewer'];
const unknown = roles.filter((r) => !known.includes(r));
if (unknown.length) {
  console.error(`unknown role(s): ${unknown.join(', ')}; roles are ${known.join(', ')}`);
  process.exit(2);
}
let secret;
try {
  secret = jwtSecret();
} catch (e) {
  console.error(e.message);
  process.exit(2);
}
process.stdout.write(jwt.sign({ sub: values.sub, roles }, secret, { algorithm: 'HS256', expiresIn: values.ttl }) + '\n');
