import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { newId, systemClock, type StoredEvent } from '@pmt/kernel';
import { EventRelay, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, startService, type ServiceApp } from '@pmt/service-kit';
import { startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { connect, JSONCodec, type NatsConnection } from 'nats';
import { activityRoutes } from '../activity/transport/activity.routes';
import { eventsDefinition } from '../events.definition';
import { startEventsWorkflows } from '../workflows';
import { calendarRoutes, CalendarSubjects, MirrorCatchUp, type CalendarFeedReply } from './index';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const json = JSONCodec();

/** Another service as the product has it: a SQLite store whose relay publishes to EVENTS_<SERVICE>; events written by hand in its shape. */
class Producer {
  readonly store: SqliteEventStore;
  private readonly relay: EventRelay;

  constructor(
    readonly service: string,
    private readonly category: string,
    file: string,
    nc: NatsConnection,
  ) {
    this.store = new SqliteEventStore(openDatabase(file));
    this.relay = new EventRelay({ nc, service, store: this.store, checkpoints: new InMemoryCheckpointStore(), logger: quiet, pollIntervalMs: 20 });
  }

  private stopped = false;
  start = () => this.relay.start();
  stop = async () => {
    if (this.stopped) return;
    this.stopped = true;
    await this.relay.stop();
    await this.store.close();
  };

  async append(id: string, events: Array<[string, Record<string, unknown>]>, at = new Date().toISOString()): Promise<StoredEvent[]> {
    const streamId = `${this.category}-${id}`;
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

/** The events service's calendar, fed by real relays through a real nats-server into its mirrors. */
describe('the calendar projection of the events service', () => {
  let nats: TestNatsServer;
  let dir: ReturnType<typeof tempDir>;
  let nc: NatsConnection;
  let mous: Producer;
  let proposals: Producer;
  let events: ServiceApp | undefined;
  const NIA = newId();
  const UNDP = newId();
  // a long projection wait: the tests are about what the feed waits for, not about how fast a loaded machine mirrors
  const config = () => serviceConfigFromEnv('events', { DATA_DIR: join(dir.path, 'events'), NATS_URL: nats.url, PROJECTION_WAIT_MS: '15000' });

  const startEvents = async () => {
    let catchUp: MirrorCatchUp | undefined;
    const catchUpOf = (runtime: ServiceRuntime) => (catchUp ??= new MirrorCatchUp(runtime.runner, runtime.stores.events, runtime.config.projectionWaitMs));
    events = await startService({
      service: 'events',
      definition: eventsDefinition,
      routes: (runtime) => [...activityRoutes(runtime), ...calendarRoutes(runtime, catchUpOf(runtime))],
      background: (runtime) => startEventsWorkflows(runtime, catchUpOf(runtime)),
      config: config(),
      clock: systemClock,
    });
  };
  const stopEvents = async () => {
    await events?.stop();
    events = undefined;
  };
  /** `viewer` as the gateway names it; none is the service's own call, which sees everything. */
  const feed = async (params: Record<string, unknown> = {}, viewer?: { roles: string[]; teams: string[] }): Promise<string> => {
    const message = { actor: 'viewer@step.example', correlationId: newId(), ...(viewer && { viewer }), params };
    const reply = json.decode((await nc.request(CalendarSubjects.feed, json.encode(message), { timeout: 20_000 })).data) as {
      ok: boolean;
      value: CalendarFeedReply;
    };
    expect(reply.ok).toBe(true);
    // unfolded (RFC 5545 folds lines at 75 octets), so that a long UID reads as one
    return gunzipSync(Buffer.from(reply.value.icsGzip, 'base64')).toString('utf8').replace(/\r\n /g, '');
  };
  /** Resolves once the producer's JetStream stream holds `count` messages: the relay has published them. */
  const published = async (service: string, count: number) => {
    const jsm = await nc.jetstreamManager();
    for (let i = 0; i < 2000; i++) {
      const info = await jsm.streams.info(`EVENTS_${service.toUpperCase()}`).catch(() => null);
      if (info && info.state.messages >= count) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`EVENTS_${service.toUpperCase()} never held ${count} messages`);
  };

  const proposal = (id: string, title: string, deadline: string) => ({
    id,
    title,
    description: null,
    leadTeam: 'NMCO',
    funderId: NIA,
    partnerIds: [UNDP],
    requestedAmount: { amount: '1', currency: 'THB' },
    submissionDeadline: deadline,
    programme: 'p',
    activityId: null,
  });
  const mou = (id: string, title: string, kpiDue: string) => ({
    id,
    title,
    description: null,
    cooperationAreas: [],
    collaborationLevel: 'strategic',
    effectiveFrom: '2026-01-01',
    termMonths: 24,
    endsOn: '2027-12-31',
    leadTeam: 'IASA',
    parties: [{ organisationId: NIA, signatoryName: 'a', signatoryTitle: 'b' }],
    kpis: [{ id: 'k1', name: 'การถ่ายทอดเทคโนโลยี', target: 10, unit: null, owner: null, dueOn: kpiDue }],
  });

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    nats = await startNatsServer();
    dir = tempDir('pmt-events-calendar-');
    nc = await connect({ servers: nats.url });
    mous = new Producer('mous', 'mou', join(dir.path, 'mous.sqlite'), nc);
    proposals = new Producer('proposals', 'proposal', join(dir.path, 'proposals.sqlite'), nc);
    await Promise.all([mous.start(), proposals.start()]);
    await startEvents();
  });

  afterAll(async () => {
    await stopEvents();
    await mous?.stop();
    await proposals?.stop();
    await nc?.close();
    await nats?.stop();
    dir?.remove();
  });

  const p1 = newId();
  const m1 = newId();

  it('shows a proposal’s deadline and an MOU’s dates as soon as their owners have published them (read your writes)', async () => {
    await proposals.append(p1, [['ProposalDrafted', proposal(p1, 'ระบบความปลอดภัยอาหาร', '2026-12-31')]]);
    await mous.append(m1, [['MouDrafted', mou(m1, 'บันทึกความเข้าใจ', '2026-06-30')]]);
    await Promise.all([published('proposals', 1), published('mous', 1)]);
    // no polling: the feed itself waits for the mirrors and the projection to catch up
    const ics = await feed();
    expect(ics).toContain(`UID:proposal-deadline-${p1}@partnership-tracker`);
    expect(ics).toContain(`UID:mou-expiry-${m1}@partnership-tracker`);
    expect(ics).toContain('DTSTART;VALUE=DATE:20260630');
  });

  it('filters by lead team and by the organisations involved', async () => {
    expect(await feed({ team: 'NMCO' })).toContain(`proposal-deadline-${p1}`);
    expect(await feed({ team: 'NMCO' })).not.toContain(`mou-expiry-${m1}`);
    const undp = await feed({ organisationId: UNDP });
    expect([undp.includes(`proposal-deadline-${p1}`), undp.includes(`mou-expiry-${m1}`)]).toEqual([true, false]);
    const nia = await feed({ organisationId: NIA, team: 'IASA' });
    expect([nia.includes(`proposal-deadline-${p1}`), nia.includes(`mou-expiry-${m1}`)]).toEqual([false, true]);
  });

  it('shows a confidential MOU’s and proposal’s dates only to their lead team, admins and auditors', async () => {
    const secretMou = newId();
    const secretProposal = newId();
    await mous.append(secretMou, [['MouDrafted', { ...mou(secretMou, 'บันทึกลับ', '2026-07-31'), confidential: true }]]);
    await proposals.append(secretProposal, [['ProposalDrafted', proposal(secretProposal, 'ข้อเสนอ', '2026-12-30')]]);
    await proposals.append(secretProposal, [['ProposalConfidentialityChanged', { confidential: true }]]);
    await Promise.all([published('mous', 2), published('proposals', 3)]);
    const seen = async (viewer: { roles: string[]; teams: string[] }) => {
      const ics = await feed({}, viewer);
      return [ics.includes(`mou-expiry-${secretMou}@`), ics.includes(`kpi-${secretMou}-`), ics.includes(`proposal-deadline-${secretProposal}@`)];
    };
    // the MOU is led by IASA, the proposal by NMCO
    expect(await seen({ roles: ['staff'], teams: ['NMCO'] })).toEqual([false, false, true]);
    expect(await seen({ roles: ['staff'], teams: ['IASA'] })).toEqual([true, true, false]);
    expect(await seen({ roles: ['viewer'], teams: [] })).toEqual([false, false, false]);
    expect(await seen({ roles: ['auditor'], teams: [] })).toEqual([true, true, true]);
    expect(await seen({ roles: ['admin'], teams: [] })).toEqual([true, true, true]);
    // open records stay on everyone's calendar
    expect(await feed({}, { roles: ['viewer'], teams: [] })).toContain(`proposal-deadline-${p1}@`);
    // the lead-team filter never opens another team's confidential record
    expect(await feed({ team: 'IASA' }, { roles: ['staff'], teams: ['NMCO'] })).not.toContain(secretMou);
  });

  it('catches up after a restart on what its owners published meanwhile, before it answers the feed', async () => {
    await stopEvents();
    // many, so that mirroring them one by one takes longer than asking for the feed
    const others = Array.from({ length: 40 }, () => newId());
    for (const id of others) await proposals.append(id, [['ProposalDrafted', proposal(id, 'อีกข้อเสนอ', '2027-01-31')]]);
    await proposals.append(p1, [['ProposalWithdrawn', { reason: 'no funds' }]]);
    await mous.append(m1, [['MouTerminated', { reason: 'done', effectiveOn: '2026-05-01' }]]);
    // with what the earlier tests published: the confidential MOU (one event) and proposal (two)
    await Promise.all([published('proposals', others.length + 4), published('mous', 3)]);
    await startEvents();
    const ics = await feed();
    expect(others.filter((id) => !ics.includes(`UID:proposal-deadline-${id}@`))).toEqual([]);
    expect(ics).not.toContain(`proposal-deadline-${p1}`);
    expect(ics).not.toContain(m1);
  });

  it('is rebuilt from the service’s own store to the same bytes, with the other services gone', async () => {
    const before = await feed();
    await stopEvents();
    await Promise.all([mous.stop(), proposals.stop()]);
    const runtime = await ServiceRuntime.open(config(), eventsDefinition);
    try {
      const stats = await runtime.runner.rebuild('calendar');
      expect(stats.events).toBeGreaterThan(0);
    } finally {
      await runtime.stop();
    }
    await startEvents();
    expect(await feed()).toBe(before);
  });
});
