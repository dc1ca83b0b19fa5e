#!/usr/bin/env node
// Prints a bearer token for the embedded profile: npm run token -- --sub someone@example.org --roles staff[,auditor] [--ttl 8h]
// It expires (8 h unless --ttl says otherwise, at most 12 h): the gateway refuses tokens without exp or longer-lived.
const jwt = require('jsonwebtoken');
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
const secret = process.env.AUTH_JWT_SECRET || 'dev-secret-change-me';
// the gateway checks iss / aud when AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE are set, so the token carries the same
const options = {
  algorithm: 'HS256',
  expiresIn: values.ttl,
  ...(process.env.AUTH_JWT_ISSUER && { issuer: process.env.AUTH_JWT_ISSUER }),
  ...(process.env.AUTH_JWT_AUDIENCE && { audience: process.env.AUTH_JWT_AUDIENCE }),
};
let token;
try {
  token = jwt.sign({ sub: values.sub, roles }, secret, options);
} catch (e) {
  console.error(`cannot make a token: ${e.message} (--ttl takes 30m, 8h, ...)`);
  process.exit(2);
}
const { iat, exp } = jwt.decode(token);
if (exp - iat > 12 * 3600 || exp <= iat) {
  console.error('--ttl must be more than 0 and at most 12h: the gateway refuses longer-lived tokens');
  process.exit(2);
}
process.stdout.write(token + '\n');
