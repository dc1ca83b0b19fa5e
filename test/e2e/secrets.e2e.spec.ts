import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { sign } from 'jsonwebtoken';
import { startProduct, type Product } from '../support/product';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Issue 12, "no known secret anywhere", on a fresh embedded start with no AUTH_JWT_SECRET (as after a fresh clone and
 * `npm start`): the gateway makes its own secret under DATA_DIR, `npm run token` signs with it, the old published
 * defaults sign nothing, and the gateway is not reachable from the network.
 */
describe('the embedded profile without a configured secret', () => {
  let product: Product;
  const organisations = (authorization: string) => fetch(`${product.base}/api/v1/organisations`, { headers: { authorization } });

  beforeAll(async () => {
    product = await startProduct({ AUTH_JWT_SECRET: '' });
  }, 90_000);
  afterAll(async () => {
    await product?.stop();
  });

  it('makes a secret readable by its owner only, which npm run token signs with', async () => {
    const file = join(product.dataDir, 'keys', 'jwt-secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(product.dataDir, 'keys')).mode & 0o777).toBe(0o700);
    expect(Buffer.byteLength(readFileSync(file, 'utf8').trim())).toBeGreaterThanOrEqual(32);

    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: product.dataDir };
    delete env.AUTH_JWT_SECRET;
    const token = execFileSync(process.execPath, [join(ROOT, 'scripts', 'token.js'), '--sub', 'somchai@example.org', '--roles', 'viewer'], { env })
      .toString()
      .trim();
    expect((await organisations(`Bearer ${token}`)).status).toBe(200);
  });

  it('refuses tokens signed with the secrets this repository ever published', async () => {
    for (const secret of ['dev-secret-change-me', 'change-me-not-a-secret', 'e2e-secret', 'test-secret-for-gateway-specs']) {
      const forged = sign({ sub: 'attacker@example.org', roles: ['admin'] }, secret, { algorithm: 'HS256', expiresIn: '1h' });
      expect({ secret, status: (await organisations(`Bearer ${forged}`)).status }).toEqual({ secret, status: 401 });
    }
  });

  it('listens on the loopback interface only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    const port = new URL(product.base).port;
    expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
    // a machine with no other interface has nothing to reach it from
    if (external) await expect(fetch(`http://${external.address}:${port}/health/live`)).rejects.toThrow();
  });
});
