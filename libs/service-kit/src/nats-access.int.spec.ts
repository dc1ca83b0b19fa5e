import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MouCommands } from '@pmt/contracts-mous';
import { ensureEventStream, eventStreamName, natsAuthFromEnv } from '@pmt/messaging';
import { startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { connect, type Msg, type NatsConnection, type NatsError } from 'nats';
import { natsUserEnv, writeNatsAuthFiles, type NatsAuthFiles } from './nats-auth-files';
import type { NatsUser } from './nats-access';

// A real nats-server run with the generated configuration, and clients connecting as the processes do.
describe('NATS users and permissions (generated server configuration)', () => {
  const dir = tempDir('pmt-nats-auth-');
  let files: NatsAuthFiles;
  let server: TestNatsServer;
  const open: NatsConnection[] = [];

  const as = async (user: NatsUser): Promise<NatsConnection> => {
    const nc = await connect({ servers: server.url, name: `test-${user}`, reconnect: false, ...natsAuthFromEnv(natsUserEnv(files, user)) });
    open.push(nc);
    return nc;
  };
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  // the mous service's stand-in: answers the real create subject and remembers who asked
  let mous: NatsConnection;
  const asked: string[] = [];

  beforeAll(async () => {
    files = writeNatsAuthFiles(dir.path);
    server = await startNatsServer(10_000, { configFile: files.configFile });
    mous = await as('mous');
    mous.subscribe(MouCommands.create, {
      callback: (_err, msg: Msg) => {
        asked.push((msg.json() as { actor: string }).actor);
        msg.respond(json({ ok: true, value: { id: 'm-1' } }));
      },
    });
    await mous.flush();
  });

  afterAll(async () => {
    await Promise.all(open.map((nc) => nc.close()));
    await server.stop();
    dir.remove();
  });

  it('refuses a client without credentials', async () => {
    await expect(connect({ servers: server.url, reconnect: false })).rejects.toMatchObject({ code: 'AUTHORIZATION_VIOLATION' });
  });

  it('lets the gateway send a command and read the reply, and refuses the same command from the notifications service', async () => {
    const gateway = await as('gateway');
    const reply = await gateway.request(MouCommands.create, json({ actor: 'gateway' }), { timeout: 5_000 });
    expect(reply.json()).toEqual({ ok: true, value: { id: 'm-1' } });

    const notifications = await as('notifications');
    await expect(notifications.request(MouCommands.create, json({ actor: 'notifications' }), { timeout: 1_000 })).rejects.toBeDefined();

    // a later command from the gateway arrives: the notifications one never did
    await gateway.request(MouCommands.create, json({ actor: 'gateway' }), { timeout: 5_000 });
    expect(asked).toEqual(['gateway', 'gateway']);
  });

  it('keeps the mous event stream to the mous service: the notifications service and the gateway cannot publish into it', async () => {
    await ensureEventStream(mous, 'mous');
    const subject = 'events.mous.mou.MouActivated';
    await expect((await as('notifications')).jetstream().publish(subject, json({ forged: true }), { timeout: 1_000 })).rejects.toBeDefined();
    await expect((await as('gateway')).jetstream().publish(subject, json({ forged: true }), { timeout: 1_000 })).rejects.toBeDefined();
    await mous.jetstream().publish(subject, json({ forged: false }));

    // read back as the operator: the mous service itself may not read messages of its stream one by one
    const jsm = await (await as('admin')).jetstreamManager();
    const stream = eventStreamName('mous');
    expect((await jsm.streams.info(stream)).state.messages).toBe(1);
    expect((await jsm.streams.getMessage(stream, { seq: 1 })).json()).toEqual({ forged: false });
  });

  it("does not let the notifications service read the gateway's replies", async () => {
    const notifications = await as('notifications');
    const refused: string[] = [];
    const overheard: string[] = [];
    for (const subject of ['_INBOX_gateway.>', '_INBOX.>', '>']) {
      notifications.subscribe(subject, {
        callback: (err: NatsError | null, msg: Msg) => {
          if (err) refused.push(`${subject}: ${err.code}`);
          else overheard.push(msg.subject);
        },
      });
    }
    await notifications.flush();

    const reply = await (await as('gateway')).request(MouCommands.create, json({ actor: 'gateway' }), { timeout: 5_000 });
    expect(reply.json()).toMatchObject({ ok: true });
    await notifications.flush();
    expect(overheard).toEqual([]);
    expect(refused.sort()).toEqual(['>: PERMISSIONS_VIOLATION', '_INBOX.>: PERMISSIONS_VIOLATION', '_INBOX_gateway.>: PERMISSIONS_VIOLATION']);
  });
});
