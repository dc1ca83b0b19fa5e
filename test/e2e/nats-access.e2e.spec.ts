import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import { connect, type Msg, type NatsConnection, type NatsError } from 'nats';
import { MouCommands } from '@pmt/contracts-mous';
import { natsAuthFromEnv } from '@pmt/messaging';
import { startProduct, type Product } from '../support/product';

/** Story: an insider on the machine, holding the notifications service's NATS seed, tries the running product's NATS. */
describe('the running product keeps NATS closed (users and permissions that npm start generates)', () => {
  let product: Product;
  const open: NatsConnection[] = [];
  const as = async (user: string) => {
    const seedFile = product.stack.natsAuth!.seedFiles[user];
    const nc = await connect({ servers: product.nats.url, reconnect: false, ...natsAuthFromEnv({ NATS_USER: user, NATS_NKEY_SEED_FILE: seedFile }) });
    open.push(nc);
    return nc;
  };
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  beforeAll(async () => {
    product = await startProduct();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await product?.stop();
  });

  it('generates one seed per process under DATA_DIR, readable by its owner only', () => {
    const seeds = product.stack.natsAuth!.seedFiles;
    expect(Object.keys(seeds).sort()).toEqual(['admin', 'events', 'funding', 'gateway', 'mous', 'notifications', 'partners', 'proposals']);
    for (const file of Object.values(seeds)) {
      expect(file.startsWith(product.dataDir)).toBe(true);
      expect(statSync(file).mode & 0o077).toBe(0);
    }
  });

  it('refuses a connection without credentials', async () => {
    await expect(connect({ servers: product.nats.url, reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it("does not carry the notifications service's command to the mous service, which answers the gateway's", async () => {
    const command = { commandId: 'c-1', actor: 'insider', correlationId: 'c-1', data: {} };
    // the mous service answers anything it receives (here a refusal of the empty data): no answer means it never arrived
    const fromGateway = await (await as('gateway')).request(MouCommands.create, json(command), { timeout: 5_000 });
    expect(fromGateway.json()).toMatchObject({ ok: false });
    await expect((await as('notifications')).request(MouCommands.create, json(command), { timeout: 2_000 })).rejects.toBeDefined();
  });

  it("does not let the notifications service overhear the gateway's replies while the API is used", async () => {
    const notifications = await as('notifications');
    const refused: string[] = [];
    const overheard: string[] = [];
    notifications.subscribe('_INBOX_gateway.>', {
      callback: (err: NatsError | null, msg: Msg) => (err ? refused.push(err.code) : overheard.push(msg.subject)),
    });
    await notifications.flush();
    expect((await product.api('GET', '/api/v1/mous')).status).toBe(200);
    await notifications.flush();
    expect(overheard).toEqual([]);
    expect(refused).toEqual(['PERMISSIONS_VIOLATION']);
  });

  it('does not let the notifications service publish into the mous event stream', async () => {
    // the stream is there (the mous relay made it at start): a refused publish is the permissions, not a missing stream
    const jsm = await (await connect(product.nats.options).then((nc) => (open.push(nc), nc))).jetstreamManager();
    const before = (await jsm.streams.info('EVENTS_MOUS')).state.messages;
    const forged = (await as('notifications')).jetstream().publish('events.mous.mou.MouActivated', json({ forged: true }), { timeout: 2_000 });
    await expect(forged).rejects.toBeDefined();
    expect((await jsm.streams.info('EVENTS_MOUS')).state.messages).toBe(before);
  });
});
