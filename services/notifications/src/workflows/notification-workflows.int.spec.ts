import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { addDays, isCodedError, ManualClock, newId, officeDate, type StoredEvent, type Viewer } from '@pmt/kernel';
import { EventRelay, InMemoryCheckpointStore, NatsRequester, type MessagingLogger } from '@pmt/messaging';
import type { Doc } from '@pmt/read-model';
import { serviceConfigFromEnv, startService, type ServiceApp } from '@pmt/service-kit';
import { eventually, startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { notificationRoutes } from '../notification/transport/notification.routes';
import { notificationsDefinition } from '../notifications.definition';
import { NotificationWorkflowDurables, startNotificationWorkflows } from './index';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Another service as the product has it: a SQLite store whose relay publishes to EVENTS_<SERVICE>; events written by hand, shaped as its domain stores them. */
class Producer {
  readonly store: SqliteEventStore;
  private readonly relay: EventRelay;

  constructor(service: string, file: string, nc: NatsConnection) {
    this.store = new SqliteEventStore(openDatabase(file));
    this.relay = new EventRelay({ nc, service, store: this.store, checkpoints: new InMemoryCheckpointStore(), logger: quiet, pollIntervalMs: 20 });
  }

  start = () => this.relay.start();
  stop = async () => {
    await this.relay.stop();
    await this.store.close();
  };

  async append(streamId: string, events: Array<[string, Record<string, unknown>]>, at: string): Promise<StoredEvent[]> {
    const from = (await this.store.streamVersion(streamId)) + 1;
    const correlationId = newId();
    await this.store.append({
      streamId,
      expectedVersion: from - 1,
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
    return this.store.readStream(streamId, { fromVersion: from });
  }
}

/**
 * The notifications service's workflows: a real nats-server and real SQLite files; the mous, proposals and funding
 * services as stores with relays; and on NATS the queries the workflows ask (organisations' contacts, the current
 * MOU or proposal), answered from the test's own records of those services' state.
 */
describe('the notifications service’s workflows', () => {
  // Today (10:00 in Bangkok): the producers' stores record events at the real time, so that only the events a test
  // dates back on purpose look entered after the fact.
  const START = `${new Date().toISOString().slice(0, 10)}T03:00:00.000Z`;
  const clock = new ManualClock(START);
  const today = () => officeDate(clock.now());
  let nats: TestNatsServer;
  let dir: ReturnType<typeof tempDir>;
  let nc: NatsConnection;
  let mous: Producer;
  let proposals: Producer;
  let funding: Producer;
  let service: ServiceApp | undefined;
  const responders: Subscription[] = [];
  /** What the partners, mous and proposals services would answer to `<service>.<aggregate>.get`. */
  const current = new Map<string, Record<string, unknown>>();
  const NIA = newId();
  const UNDP = newId();
  const SOMCHAI = newId();
  const ANA = newId();

  const startNotifications = async () => {
    service = await startService({
      service: 'notifications',
      definition: notificationsDefinition,
      routes: notificationRoutes,
      background: startNotificationWorkflows,
      config: serviceConfigFromEnv('notifications', { DATA_DIR: join(dir.path, 'notifications'), NATS_URL: nats.url }),
      clock,
    });
  };
  const stopNotifications = async () => {
    await service?.stop();
    service = undefined;
  };
  const app = () => service as ServiceApp;
  const notifications = async (filter: Record<string, unknown>) =>
    (
      await app().runtime.stores.readModel.find<
        Doc & { channel: string; recipient: string; subject: string; link: unknown; confidential?: boolean; leadTeam?: string | null }
      >('notifications', filter, {
        limit: 500,
      })
    ).items;
  const recipientsOf = (items: Array<{ channel: string; recipient: string }>) => items.map((n) => `${n.channel}:${n.recipient}`).sort();
  const requestedCount = async () =>
    (await app().runtime.stores.events.readAll({ after: 0, limit: 100_000 })).filter((e) => e.type === 'NotificationRequested').length;
  const settled = async (stream: string, durable: string) => {
    const jsm = await nc.jetstreamManager();
    const info = await eventually(
      () => jsm.consumers.info(stream, durable),
      (i) => i.num_pending === 0 && i.num_ack_pending === 0,
    );
    expect(info).toMatchObject({ num_pending: 0, num_ack_pending: 0 });
  };

  const respond = (subject: string) => {
    const sub = nc.subscribe(subject);
    responders.push(sub);
    void (async () => {
      for await (const m of sub) {
        const id = (m.json<{ params: { id: string } }>().params ?? {}).id;
        const value = current.get(id);
        m.respond(
          new TextEncoder().encode(
            JSON.stringify(value ? { ok: true, value } : { ok: false, error: { code: 'NOT_FOUND', kind: 'not-found', message: `no ${id}` } }),
          ),
        );
      }
    })();
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    process.env.WORKFLOWS_INTERVAL_MS = '100';
    nats = await startNatsServer();
    dir = tempDir('pmt-notification-workflows-');
    const configFile = join(dir.path, 'workflows.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        leadTimes: { mouRenewalDays: [30], proposalDeadlineDays: [1], kpiReportDays: [0] },
        teams: { IASA: { email: ['iasa@step.example'], inApp: ['iasa'] }, IMO: { email: ['imo@step.example'] } },
        webhooks: [
          { name: 'crm', url: 'http://127.0.0.1:9/crm', secret: '0123456789abcdef', topics: ['mou.activated'] },
          { name: 'audit', url: 'http://127.0.0.1:9/audit', secret: 'fedcba9876543210', topics: ['*'] },
        ],
      }),
    );
    process.env.WORKFLOWS_CONFIG = configFile;
    nc = await connect({ servers: nats.url });
    for (const subject of ['partners.organisation.get', 'mous.mou.get', 'proposals.proposal.get']) respond(subject);
    current.set(NIA, {
      id: NIA,
      name: 'สำนักงานนวัตกรรมแห่งชาติ',
      contacts: [
        { id: SOMCHAI, name: 'Somchai', email: 'somchai@nia.or.th' },
        { id: newId(), name: 'Reception', email: '' },
      ],
    });
    current.set(UNDP, {
      id: UNDP,
      name: 'UNDP Thailand',
      contacts: [
        { id: ANA, name: 'Ana', email: 'ana@undp.org' },
        { id: newId(), erased: true, erasedAt: START },
      ],
    });
    mous = new Producer('mous', join(dir.path, 'mous.sqlite'), nc);
    proposals = new Producer('proposals', join(dir.path, 'proposals.sqlite'), nc);
    funding = new Producer('funding', join(dir.path, 'funding.sqlite'), nc);
    for (const p of [mous, proposals, funding]) await p.start();
    await startNotifications();
  });

  afterAll(async () => {
    await stopNotifications();
    for (const s of responders) s.unsubscribe();
    for (const p of [mous, proposals, funding]) await p?.stop();
    await nc?.close();
    await nats?.stop();
    dir?.remove();
    delete process.env.WORKFLOWS_CONFIG;
    delete process.env.WORKFLOWS_INTERVAL_MS;
  });

  /** Drafted, signed by both parties, active from today: the last signature's command also activates it. */
  const activateMou = async (
    mouId: string,
    terms: { title: string; leadTeam: string; endsOn: string; kpis?: unknown[]; confidential?: boolean },
    at = clock.now().toISOString(),
  ) => {
    const parties = [NIA, UNDP].map((organisationId) => ({ organisationId, signatoryName: 'S', signatoryTitle: 'Director' }));
    const streamId = `mou-${mouId}`;
    await mous.append(
      streamId,
      [
        [
          'MouDrafted',
          {
            id: mouId,
            title: terms.title,
            description: null,
            cooperationAreas: ['x'],
            collaborationLevel: 'operational',
            effectiveFrom: today(),
            termMonths: 12,
            kpis: terms.kpis ?? [],
            leadTeam: terms.leadTeam,
            parties,
            endsOn: terms.endsOn,
            ...(terms.confidential !== undefined && { confidential: terms.confidential }),
          },
        ],
      ],
      at,
    );
    await mous.append(streamId, [['MouSignatureRequested', {}]], at);
    await mous.append(streamId, [['MouSigned', { organisationId: NIA, signedAt: at }]], at);
    const last = await mous.append(
      streamId,
      [
        ['MouSigned', { organisationId: UNDP, signedAt: at }],
        ['MouFullySigned', { signedOn: today() }],
        ['MouActivated', { activatedOn: today() }],
      ],
      at,
    );
    current.set(mouId, { id: mouId, status: 'active', title: terms.title, parties, leadTeam: terms.leadTeam, endsOn: terms.endsOn, kpis: terms.kpis ?? [] });
    return last[last.length - 1];
  };

  it('tells every contact of every party, the lead team and the subscribed webhooks that an MOU is in force, once', async () => {
    const mouId = newId();
    const activated = await activateMou(mouId, { title: 'ความร่วมมือด้านนวัตกรรม NIA–UNDP', leadTeam: 'IASA', endsOn: addDays(today(), 730) });
    // the parties' contacts by reference, never by address; an erased contact (no address) is not told
    const expected = [
      `email:contact:${NIA}/${SOMCHAI}`,
      `email:contact:${UNDP}/${ANA}`,
      'email:iasa@step.example',
      'in-app:iasa',
      'webhook:audit',
      'webhook:crm',
    ].sort();
    const told = await eventually(
      () => notifications({ topic: 'mou.activated' }),
      (items) => items.length >= expected.length,
    );
    expect(recipientsOf(told)).toEqual(expected);
    expect(told.every((n) => n.subject === 'MOU มีผลบังคับใช้แล้ว: ความร่วมมือด้านนวัตกรรม NIA–UNDP')).toBe(true);
    expect(told[0].link).toEqual({ resource: 'mous', id: mouId });

    // Re-published outside the broker's duplicate window, then a restart: nothing new is requested.
    const before = await requestedCount();
    await nc.jetstream().publish('events.mous.mou.MouActivated', new TextEncoder().encode(JSON.stringify(activated)), { msgID: newId() });
    await settled('EVENTS_MOUS', NotificationWorkflowDurables.mous);
    await stopNotifications();
    await startNotifications();
    await settled('EVENTS_MOUS', NotificationWorkflowDurables.mous);
    expect(await requestedCount()).toBe(before);
  });

  it('tells the lead team of an approval with the grant linked, and ignores a grant opened without a proposal', async () => {
    const proposalId = newId();
    const grantId = newId();
    const at = clock.now().toISOString();
    const opened = (id: string, data: Record<string, unknown>) =>
      funding.append(
        `grant-${id}`,
        [
          [
            'GrantOpened',
            {
              id,
              funderId: newId(),
              partnerIds: [NIA],
              awardedAmount: { amount: 7_000_000_000, currency: 'THB' },
              startsOn: today(),
              endsOn: addDays(today(), 364),
              ...data,
            },
          ],
        ],
        at,
      );
    // Handled in stream order, one at a time: by the time the approval is told, the direct grant was seen.
    await opened(newId(), { proposalId: null, title: 'Direct grant', leadTeam: 'IASA' });
    await opened(grantId, { proposalId, title: 'Chiang Mai Food Valley', leadTeam: 'IASA' });
    const told = await eventually(
      () => notifications({ topic: 'proposal.approved' }),
      (items) => items.length >= 3,
    );
    expect(recipientsOf(told)).toEqual(['email:iasa@step.example', 'in-app:iasa', 'webhook:audit']);
    expect(told[0]).toMatchObject({ subject: 'ข้อเสนอโครงการได้รับอนุมัติ: Chiang Mai Food Valley', link: { resource: 'grants', id: grantId } });
    expect(told[0]).toMatchObject({ body: expect.stringContaining('70,000,000.00 THB') });
  });

  it('shows a notice about a confidential MOU or grant only to those who may see it, and follows its record’s changes', async () => {
    const requester = new NatsRequester(nc);
    const nmcoStaff: Viewer = { roles: ['staff'], teams: ['NMCO'] };
    const iasaStaff: Viewer = { roles: ['staff'], teams: ['IASA'] };
    const list = (viewer: Viewer, params: Record<string, unknown>) =>
      requester.request<{ items: Array<{ id: string; confidential: boolean; leadTeam: string | null }> }>('notifications.notification.list', {
        actor: 'someone',
        correlationId: newId(),
        params: { limit: 500, ...params },
        viewer,
      });
    const mouId = newId();
    await activateMou(mouId, { title: 'ความร่วมมือลับ', leadTeam: 'IASA', endsOn: addDays(today(), 730), confidential: true });
    const told = await eventually(
      () => notifications({ 'link.id': mouId }),
      (items) => items.length >= 6,
    );
    expect(told.every((n) => n.confidential === true && n.leadTeam === 'IASA')).toBe(true);
    const inbox = told.find((n) => n.channel === 'in-app') as Doc;

    expect((await list(nmcoStaff, { topic: 'mou.activated' })).items.filter((n) => told.some((t) => t.id === n.id))).toEqual([]);
    expect((await list(iasaStaff, { topic: 'mou.activated' })).items.filter((n) => told.some((t) => t.id === n.id))).toHaveLength(told.length);
    const get = (viewer: Viewer) =>
      requester.request('notifications.notification.get', { actor: 'someone', correlationId: newId(), params: { id: inbox.id }, viewer });
    expect(await get(nmcoStaff).catch((e: unknown) => isCodedError(e) && e.kind)).toBe('not-found');
    const acknowledge = (viewer: Viewer) =>
      requester.request('notifications.notification.acknowledge', {
        commandId: newId(),
        actor: 'someone',
        correlationId: newId(),
        id: inbox.id,
        viewer,
        data: {},
      });
    expect(await acknowledge(nmcoStaff).catch((e: unknown) => isCodedError(e) && e.kind)).toBe('not-found');

    // opened again: every notice about it follows, and NMCO staff see them
    await mous.append(`mou-${mouId}`, [['MouConfidentialityChanged', { confidential: false }]], clock.now().toISOString());
    await eventually(
      () => notifications({ 'link.id': mouId }),
      (items) => items.every((n) => n.confidential === false),
    );
    expect((await list(nmcoStaff, { topic: 'mou.activated' })).items.filter((n) => told.some((t) => t.id === n.id))).toHaveLength(told.length);
    await acknowledge(nmcoStaff);

    // a grant opened from a confidential proposal, made confidential by the funding service; then opened again
    const grantId = newId();
    await funding.append(
      `grant-${grantId}`,
      [
        [
          'GrantOpened',
          {
            id: grantId,
            proposalId: newId(),
            title: 'Secret approval',
            leadTeam: 'IASA',
            funderId: newId(),
            partnerIds: [NIA],
            awardedAmount: { amount: 1_000_00, currency: 'THB' },
            startsOn: today(),
            endsOn: addDays(today(), 364),
            confidential: true,
          },
        ],
      ],
      clock.now().toISOString(),
    );
    const approvals = await eventually(
      () => notifications({ 'link.id': grantId }),
      (items) => items.length >= 3,
    );
    expect(approvals.every((n) => n.confidential === true && n.leadTeam === 'IASA')).toBe(true);
    expect((await list(nmcoStaff, { topic: 'proposal.approved' })).items.filter((n) => n.id === approvals[0].id)).toEqual([]);
    await funding.append(`grant-${grantId}`, [['GrantConfidentialityChanged', { confidential: false }]], clock.now().toISOString());
    await eventually(
      () => notifications({ 'link.id': grantId }),
      (items) => items.every((n) => n.confidential === false && n.leadTeam === 'IASA'),
    );
  });

  it('tells nobody of an activation or an approval that was already past when it was entered (Occurred-At)', async () => {
    // dated five days back, entered now: within the 30 days that a late reaction still goes out after downtime
    const fiveDaysAgo = new Date(clock.now().getTime() - 5 * 86_400_000).toISOString();
    const mouId = newId();
    await activateMou(mouId, { title: 'Signed last week, entered today', leadTeam: 'IASA', endsOn: addDays(today(), 365) }, fiveDaysAgo);
    const grantId = newId();
    await funding.append(
      `grant-${grantId}`,
      [
        [
          'GrantOpened',
          {
            id: grantId,
            proposalId: newId(),
            title: 'Approved last week',
            leadTeam: 'IASA',
            funderId: newId(),
            partnerIds: [NIA],
            awardedAmount: { amount: 100_000, currency: 'THB' },
            startsOn: today(),
            endsOn: addDays(today(), 364),
          },
        ],
      ],
      fiveDaysAgo,
    );
    await settled('EVENTS_MOUS', NotificationWorkflowDurables.mous);
    await settled('EVENTS_FUNDING', NotificationWorkflowDurables.funding);
    expect(await notifications({ 'link.id': mouId })).toEqual([]);
    expect(await notifications({ 'link.id': grantId })).toEqual([]);
  });

  it('sends no reminder that was already past when its MOU was entered after the fact', async () => {
    const fiveDaysAgo = new Date(clock.now().getTime() - 5 * 86_400_000).toISOString();
    const mouId = newId();
    const kpi = { id: 'k-late', name: 'KPI due three days ago', target: 10, unit: null, owner: 'IMO', dueOn: addDays(today(), -3) };
    await activateMou(mouId, { title: 'Entered today, KPI already due', leadTeam: 'IASA', endsOn: addDays(today(), 365), kpis: [kpi] }, fiveDaysAgo);
    await eventually(
      () => app().runtime.stores.readModel.get('workflow_mous', mouId),
      (m) => m !== null && m.status === 'active',
    );
    await new Promise((r) => setTimeout(r, 800)); // several scheduler passes
    expect(await notifications({ topic: 'kpi.report-due', 'link.id': mouId })).toEqual([]);
  });

  it('reminds the lead team of a draft’s deadline once its time has passed, once, even after a restart past its time', async () => {
    const deadline = addDays(today(), 5);
    const draft = async (title: string) => {
      const id = newId();
      await proposals.append(
        `proposal-${id}`,
        [
          [
            'ProposalDrafted',
            {
              id,
              title,
              description: null,
              leadTeam: 'IASA',
              funderId: newId(),
              partnerIds: [NIA],
              requestedAmount: { amount: 100_000, currency: 'THB' },
              programme: 'Youth Co:Lab',
              submissionDeadline: deadline,
              activityId: null,
            },
          ],
        ],
        clock.now().toISOString(),
      );
      current.set(id, { id, status: 'draft', title, leadTeam: 'IASA', submissionDeadline: deadline });
      return id;
    };
    // Drafted first, so it has the smaller id and each pass checks it before the other one.
    const submittedMeanwhile = await draft('Lampang ceramics kiln retrofit');
    const stillDraft = await draft('Rice seed for Chiang Rai');
    await eventually(
      () => app().runtime.stores.readModel.count('workflow_proposals', { submissionDeadline: deadline }),
      (n) => n === 2,
    );

    // Down from now until the day of the deadline: the reminder (1 day ahead) fell due while nobody was running.
    await stopNotifications();
    clock.set(`${deadline}T02:00:00.000Z`);
    // Submitted meanwhile; the mirror has not heard of it, the proposals service has.
    current.set(submittedMeanwhile, { ...current.get(submittedMeanwhile), status: 'submitted' });
    await startNotifications();

    const reminded = await eventually(
      () => notifications({ topic: 'proposal.deadline-due' }),
      (items) => items.length >= 3,
    );
    expect(recipientsOf(reminded)).toEqual(['email:iasa@step.example', 'in-app:iasa', 'webhook:audit']);
    expect(reminded[0]).toMatchObject({
      subject: `ใกล้ถึงกำหนดส่งข้อเสนอโครงการ (${deadline}): Rice seed for Chiang Rai`,
      link: { resource: 'proposals', id: stillDraft },
    });

    const before = await requestedCount();
    await stopNotifications();
    clock.advance(3_600_000);
    await startNotifications();
    // A pass has run once the mirror's catch-up and the scheduler's first pass are through; nothing new.
    await settled('EVENTS_PROPOSALS', NotificationWorkflowDurables.proposals);
    await eventually(
      () => app().runtime.stores.readModel.count('workflow_reminders', {}),
      (n) => n >= 1,
    );
    expect(await requestedCount()).toBe(before);
    expect(await app().runtime.stores.readModel.count('workflow_reminders', { subjectId: stillDraft })).toBe(1);
    expect(await notifications({ topic: 'proposal.deadline-due', 'link.id': submittedMeanwhile })).toEqual([]);
  });

  it('reminds each KPI’s owner on its due date: an address by email, a team through the team, anyone else in-app', async () => {
    const mouId = newId();
    const due = addDays(today(), 10);
    const kpi = (id: string, owner: string) => ({ id, name: `KPI ${id}`, target: 10, unit: null, owner, dueOn: due });
    await activateMou(mouId, {
      title: 'Joint KPIs across the network',
      leadTeam: 'IASA',
      endsOn: addDays(today(), 365),
      kpis: [kpi('k1', 'owner@cmu.ac.th'), kpi('k2', 'IMO'), kpi('k3', 'Provincial Chief Science Officer')],
    });
    await eventually(
      () => app().runtime.stores.readModel.get('workflow_mous', mouId),
      (m) => m !== null && m.status === 'active',
    );
    clock.set(`${due}T01:00:00.000Z`);
    const reminded = await eventually(
      () => notifications({ topic: 'kpi.report-due' }),
      (items) => items.length >= 6,
    );
    expect(recipientsOf(reminded)).toEqual([
      'email:imo@step.example',
      'email:owner@cmu.ac.th',
      'in-app:Provincial Chief Science Officer',
      'webhook:audit',
      'webhook:audit',
      'webhook:audit',
    ]);
    expect(reminded.find((n) => n.recipient === 'owner@cmu.ac.th')?.subject).toBe(`ถึงกำหนดรายงานตัวชี้วัด (${due}): KPI k1 - Joint KPIs across the network`);
  });
  it('keeps its mirrors and its records of reminders sent to itself: the relay publishes notifications only', async () => {
    const jsm = await nc.jetstreamManager();
    const own = (await app().runtime.stores.events.readAll({ after: 0, limit: 100_000 })).filter((e) => e.streamId.startsWith('notification-')).length;
    await eventually(
      () => jsm.streams.info('EVENTS_NOTIFICATIONS'),
      (i) => i.state.messages >= own,
    );
    const info = await jsm.streams.info('EVENTS_NOTIFICATIONS', { subjects_filter: '>' });
    expect(info.state.messages).toBe(own);
    expect(Object.keys(info.state.subjects ?? {}).every((s) => s.startsWith('events.notifications.notification.'))).toBe(true);
  });
});
