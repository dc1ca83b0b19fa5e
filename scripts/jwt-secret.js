// The secret `npm run token` and `npm run seed` sign with: AUTH_JWT_SECRET when set, else the one the embedded
// gateway made on its first start in DATA_DIR/keys/jwt-secret (services/gateway/src/jwt-secret.ts), same DATA_DIR default.
const { readFileSync } = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function jwtSecret(env = process.env) {
  if (env.AUTH_JWT_SECRET) return env.AUTH_JWT_SECRET;
  const file = path.join(path.resolve(env.DATA_DIR || path.join(ROOT, 'data')), 'keys', 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
    throw new Error(`no AUTH_JWT_SECRET and no ${file}: start the product once (npm start) so it makes its secret, or set AUTH_JWT_SECRET`);
  }
}

module.exports = { jwtSecret };
