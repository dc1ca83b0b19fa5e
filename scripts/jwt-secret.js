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

/**
 * A token the gateway accepts: HS256 with that secret, expiring, and with the iss / aud the gateway checks when
 * AUTH_JWT_ISSUER / AUTH_JWT_AUDIENCE are set. Without a secret it says why and exits 2.
 */
function signToken(claims, expiresIn, env = process.env) {
  let secret;
  try {
    secret = jwtSecret(env);
  } catch (e) {
    console.error(e.message);
    process.exit(2);
  }
  return require('jsonwebtoken').sign(claims, secret, {
    algorithm: 'HS256',
    expiresIn,
    ...(env.AUTH_JWT_ISSUER && { issuer: env.AUTH_JWT_ISSUER }),
    ...(env.AUTH_JWT_AUDIENCE && { audience: env.AUTH_JWT_AUDIENCE }),
  });
}

module.exports = { jwtSecret, signToken };
