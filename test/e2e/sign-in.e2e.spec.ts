import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startProduct, type Product } from '../support/product';

const USER_SCRIPT = join(__dirname, '..', '..', 'scripts', 'user.js');

/**
 * The built product (gateway and partners from dist/) and `npm run user` on the same DATA_DIR, as a new user would
 * have them after `npm run build`: an account added from the terminal signs in over HTTP, writes with the cookie and
 * its CSRF token, is the actor in the history the real service recorded, and is locked out once disabled.
 */
describe('signing in to the built product with an account from npm run user', () => {
  let product: Product;
  const user = (...args: string[]) =>
    execFileSync(process.execPath, [USER_SCRIPT, ...args], { env: { ...process.env, DATA_DIR: product.dataDir }, encoding: 'utf8' });
  const request = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${product.base}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    product = await startProduct({}, { services: ['partners'] });
  }, 60_000);
  afterAll(async () => {
    await product?.stop();
  });

  it('signs in, writes as the account, and stops working when the account is disabled', async () => {
    expect(user('add', 'Officer@STEP.example', '--roles', 'staff', '--teams', 'IASA', '--password', 'e2e password 1')).toMatch(/added officer@step\.example/);
    expect(user('list')).toMatch(/^officer@step\.example\troles=staff\tteams=IASA$/m);

    const signIn = await request('POST', '/session', {}, { email: 'officer@step.example', password: 'e2e password 1' });
    expect(signIn.status).toBe(200);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    const cookie = /pmt_session=[^;]+/.exec(signIn.headers.get('set-cookie')!)![0];

    const refused = await request('POST', '/organisations', { cookie }, { name: 'Lampang Ceramics Co.', kind: 'private', country: 'TH' });
    expect(refused.status).toBe(403);
    const created = await request(
      'POST',
      '/organisations',
      { cookie, 'x-csrf-token': csrfToken },
      { name: 'Lampang Ceramics Co.', kind: 'private', country: 'TH' },
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const history = (await (await request('GET', `/organisations/${id}/history`, { cookie })).json()) as { items: Array<{ actor: string }> };
    expect(history.items.map((e) => e.actor)).toEqual(['officer@step.example']);

    user('disable', 'officer@step.example');
    expect((await request('GET', '/session', { cookie })).status).toBe(401);
    expect((await request('POST', '/session', {}, { email: 'officer@step.example', password: 'e2e password 1' })).status).toBe(401);
  });
});
