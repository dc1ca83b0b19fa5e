import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { addDays, ManualClock, newId, officeDate } from '@pmt/kernel';
import { EventRelay, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { serviceConfigFromEnv, startService, type ServiceApp } from '@pmt/service-kit';
import { eventually, startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { connect, type NatsConnection, type Subscription } from 'nats';
import type { Notification, NotificationCommand, NotificationEvent, NotificationState } from '../notification';
import { startSmtpServer, type SmtpTestServer } from '../notification/testing/receivers';
import { notificationRoutes } from '../notification/transport/notification.routes';
import { notificationsDefinition } from '../notifications.definition';
import { startBackground } from '../notifications.service';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const ADDRESS = 'somchai.personal@nia.or.th';

/**
 * Issue 12, personal data: the notifications service with its workflows and its dispatcher, a real nats-server, real
 * SQLite files and a real SMTP receiver. The mous service is a store with a relay; partners is its query on NATS,
 * answered as partners answers it (contacts decrypted with their ids; an erased contact is its id and `erased`).
 * The contact's address must reach the mailbox and nothing the service keeps.
 */
describe('a partner contact’s address in the notifications service', () => {
  const START = `${new Date().toISOString().slice(0, 10)}T03:00:00.000Z`;
  const clock = new ManualClock(START);
  const today = () => officeDate(clock.now());
  let nats: TestNatsServer;
  let dir: ReturnType<typeof tempDir>;
  let nc: NatsConnection;
  let smtp: SmtpTestServer;
  let mouStore: SqliteEventStore;
  let relay: EventRelay;
  let service: ServiceApp;
  let responder: Subscription;
  const NIA = newId();
  const SOMCHAI = newId();
  const REF = `contact:${NIA}/${SOMCHAI}`;
  /** What partners answers to `partners.organisation.get`. */
  const organisations = new Map<string, Record<string, unknown>>();

  /** Every byte the notifications service keeps on disk: events, read model (and their WAL), seals. */
  const diskBytes = (path = join(dir.path, 'notifications')): Buffer =>
    statSync(path).isDirectory() ? Buffer.concat(readdirSync(path).map((f) => diskBytes(join(path, f)))) : readFileSync(path);
  const addressOnDisk = () => diskBytes().includes(Buffer.from(ADDRESS, 'utf8'));
  const addressInStore = async () => {
    const events = JSON.stringify(await service.runtime.stores.events.readAll({ after: 0, limit: 100_000 }));
    const docs = JSON.stringify((await service.runtime.stores.readModel.find('notifications', {}, { limit: 500 })).items);
    return events.includes(ADDRESS) || docs.includes(ADDRESS);
  };
  const mailsToAddress = () => smtp.mails.filter((m) => m.raw.includes(ADDRESS));
  const notification = async (id: string) => (await service.runtime.stores.readModel.get('notifications', id)) as unknown as Notification | null;
  const find = async (filter: Record<string, unknown>) =>
    (await service.runtime.stores.readModel.find('notifications', filter, { limit: 100 })).items as unknown as Notification[];
  const toContact = (topic: string) => find({ topic, recipient: REF });
  /** Nothing waiting or under way: every mail of the test before is in. */
  const quietDispatcher = () =>
    eventually(
      () => find({ status: { $in: ['requested', 'sending'] } }),
      (items) => items.length === 0,
    );

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    nats = await startNatsServer();
    dir = tempDir('pmt-notification-contacts-');
    smtp = await startSmtpServer();
    const configFile = join(dir.path, 'workflows.json');
    writeFileSync(configFile, JSON.stringify({ leadTimes: { mouRenewalDays: [30] }, teams: { IASA: { email: ['iasa@step.example'] } }, webhooks: [] }));
    Object.assign(process.env, { WORKFLOWS_CONFIG: configFile, WORKFLOWS_INTERVAL_MS: '100', SMTP_URL: smtp.url, NOTIFY_INTERVAL_MS: '50' });
    nc = await connect({ servers: nats.url });
    responder = nc.subscribe('partners.organisation.get');
    void (async () => {
      for await (const m of responder) {
        const value = organisations.get(m.json<{ params: { id: string } }>().params.id);
        const reply = value ? { ok: true, value } : { ok: false, error: { code: 'NOT_FOUND', kind: 'not-found', message: 'no such organisation' } };
        m.respond(new TextEncoder().encode(JSON.stringify(reply)));
      }
    })();
    organisations.set(NIA, {
      id: NIA,
      name: 'สำนักงานนวัตกรรมแห่งชาติ',
      contacts: [{ id: SOMCHAI, name: 'สมชาย ใจดี', email: ADDRESS, phone: null, role: 'director' }],
    });
    mouStore = new SqliteEventStore(openDatabase(join(dir.path, 'mous.sqlite')));
    relay = new EventRelay({ nc, service: 'mous', store: mouStore, checkpoints: new InMemoryCheckpointStore(), logger: quiet, pollIntervalMs: 20 });
    await relay.start();
    service = await startService({
      service: 'notifications',
      definition: notificationsDefinition,
      routes: notificationRoutes,
      background: startBackground,
      config: serviceConfigFromEnv('notifications', { DATA_DIR: join(dir.path, 'notifications'), NATS_URL: nats.url }),
      clock,
    });
  });

  afterAll(async () => {
    await service?.stop();
    responder?.unsubscribe();
    await relay?.stop();
    await mouStore?.close();
    await nc?.close();
    await smtp?.stop();
    await nats?.stop();
    dir?.remove();
    for (const k of ['WORKFLOWS_CONFIG', 'WORKFLOWS_INTERVAL_MS', 'SMTP_URL', 'NOTIFY_INTERVAL_MS']) delete process.env[k];
  });

  /** An MOU with NIA as its only party, in force from today (the events the mous service stores). */
  const activateMou = async (mouId: string) => {
    const at = clock.now().toISOString();
    const correlationId = newId();
    const events: Array<[string, Record<string, unknown>]> = [
      [
        'MouDrafted',
        {
          id: mouId,
          title: 'ความร่วมมือด้านนวัตกรรม',
          description: null,
          cooperationAreas: ['x'],
          collaborationLevel: 'operational',
          effectiveFrom: today(),
          termMonths: 12,
          kpis: [],
          leadTeam: 'IASA',
          parties: [{ organisationId: NIA, signatoryName: 'S', signatoryTitle: 'Director' }],
          endsOn: addDays(today(), 365),
        },
      ],
      ['MouSignatureRequested', {}],
      ['MouSigned', { organisationId: NIA, signedAt: at }],
      ['MouFullySigned', { signedOn: today() }],
      ['MouActivated', { activatedOn: today() }],
    ];
    await mouStore.append({
      streamId: `mou-${mouId}`,
      expectedVersion: 0,
      events: events.map(([type, data]) => ({
        id: newId(),
        type,
        schemaVersion: 1,
        data: { ...data, at },
        actor: 'officer@step.example',
        correlationId,
        causationId: correlationId,
        occurredAt: at,
      })),
    });
  };

  /** A notification to the contact as the workflows request one (a reminder, say), due at `sendAfter`. */
  const requestToContact = async (sendAfter: string | null): Promise<string> => {
    const id = newId();
    await service.runtime
      .endpoint<NotificationCommand, NotificationEvent, NotificationState>('notification')
      .execute(id, { commandId: newId(), actor: 'system:workflows', correlationId: newId(), data: {} }, (now) => ({
        type: 'RequestNotification',
        now,
        data: { id, channel: 'email', recipient: REF, subject: 'แจ้งเตือน MOU', body: 'โปรดพิจารณา', topic: 'mou.expiring', link: null, sendAfter },
      }));
    return id;
  };

  it('an MOU’s party contact is told by reference: the mail reaches the address, and no event, read model or file of the service holds it', async () => {
    await activateMou(newId());
    const [sent] = await eventually(
      () => toContact('mou.activated'),
      (items) => items.length === 1 && items[0].status === 'sent',
    );
    expect(sent).toMatchObject({ channel: 'email', recipient: REF, status: 'sent' });
    expect(mailsToAddress()).toHaveLength(1);
    expect(mailsToAddress()[0].parsed.subject).toBe('MOU มีผลบังคับใช้แล้ว: ความร่วมมือด้านนวัตกรรม');
    expect(await addressInStore()).toBe(false);
    expect(addressOnDisk()).toBe(false);
  });

  it('a refusal that echoes the address is recorded naming the contact; the retry reaches the address', async () => {
    await quietDispatcher();
    smtp.refuseNext(1, '<{to}>: mailbox busy, try again later');
    const id = await requestToContact(null);
    const failed = await eventually(
      () => notification(id),
      (n) => n?.status === 'failed',
    );
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.lastError).toContain(`<${REF}>: mailbox busy`);
    expect(await addressInStore()).toBe(false);

    clock.advance(60_000);
    await eventually(
      () => notification(id),
      (n) => n?.status === 'sent',
    );
    expect(mailsToAddress()).toHaveLength(2);
    expect(await addressInStore()).toBe(false);
    expect(addressOnDisk()).toBe(false);
  });

  it('after the contact’s erasure a notification due to it is given up at once with a plain reason, nothing is sent, and nothing holds the address', async () => {
    const id = await requestToContact(new Date(clock.now().getTime() + 3_600_000).toISOString());
    // erased in partners: the key is destroyed, and partners answers the contact as its id only
    organisations.set(NIA, { id: NIA, name: 'สำนักงานนวัตกรรมแห่งชาติ', contacts: [{ id: SOMCHAI, erased: true, erasedAt: clock.now().toISOString() }] });
    const mailsBefore = smtp.mails.length;
    clock.advance(2 * 3_600_000);
    const given = await eventually(
      () => notification(id),
      (n) => n?.status === 'given-up',
    );
    expect(given).toMatchObject({ status: 'given-up', attempts: 1 });
    expect(given?.givenUpReason).toContain('the contact was erased');
    expect(smtp.mails.length).toBe(mailsBefore);

    // a new MOU with the same party: the erased contact is not told at all
    await activateMou(newId());
    await eventually(
      () => find({ topic: 'mou.activated', recipient: 'iasa@step.example' }),
      (items) => items.length === 2,
    );
    expect(await toContact('mou.activated')).toHaveLength(1);
    expect(await addressInStore()).toBe(false);
    expect(addressOnDisk()).toBe(false);
  });
});
