import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { addDays, ManualClock, newId, officeDate, type StoredEvent } from '@pmt/kernel';
import { EventRelay, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { serviceConfigFromEnv, startService, type ServiceApp } from '@pmt/service-kit';
import { eventually, startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { connect, type NatsConnection } from 'nats';
import { activityRoutes } from '../activity/transport/activity.routes';
import { eventsDefinition } from '../events.definition';
import { EVENTS_MOUS_DURABLE, startEventsWorkflows } from './index';
import { kickoffActivityId, renewalReviewActivityId } from './workflow-ids';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The mous side as the product has it: a SQLite event store whose relay publishes to EVENTS_MOUS. Its events are
 * written by hand, shaped as services/mous/src/mou/mou.ts stores them.
 */
class Mous {
  readonly store: SqliteEventStore;
  private readonly relay: EventRelay;

  constructor(file: string, nc: NatsConnection) {
    this.store = new SqliteEventStore(openDatabase(file));
    this.relay = new EventRelay({ nc, service: 'mous', store: this.store, checkpoints: new InMemoryCheckpointStore(), logger: quiet, pollIntervalMs: 20 });
  }

  start = () => this.relay.start();
  stop = async () => {
    await this.relay.stop();
    await this.store.close();
  };

  async append(mouId: string, events: Array<[string, Record<string, unknown>]>, at: string): Promise<StoredEvent[]> {
    const streamId = `mou-${mouId}`;
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

  /** An MOU drafted, sent for signature, and signed by both parties: the last signature activates it (effectiveFrom today). */
  async activate(mouId: string, terms: { title: string; parties: string[]; leadTeam: string | null; effectiveFrom: string; endsOn: string }, at: string) {
    const parties = terms.parties.map((organisationId, i) => ({ organisationId, signatoryName: `Signatory ${i + 1}`, signatoryTitle: 'Director' }));
    await this.append(
      mouId,
      [
        [
          'MouDrafted',
          {
            id: mouId,
            title: terms.title,
            description: null,
            cooperationAreas: ['innovation networks'],
            collaborationLevel: 'strategic',
            effectiveFrom: terms.effectiveFrom,
            termMonths: 24,
            kpis: [],
            leadTeam: terms.leadTeam,
            parties,
            endsOn: terms.endsOn,
          },
        ],
      ],
      at,
    );
    await this.append(mouId, [['MouSignatureRequested', {}]], at);
    await this.append(mouId, [['MouSigned', { organisationId: terms.parties[0], signedAt: at }]], at);
    const last = await this.append(
      mouId,
      [
        ['MouSigned', { organisationId: terms.parties[1], signedAt: at }],
        ['MouFullySigned', { signedOn: officeDate(at) }],
        ['MouActivated', { activatedOn: terms.effectiveFrom }],
      ],
      at,
    );
    return last[last.length - 1];
  }
}

/** The events service with its workflows: a real nats-server, real SQLite files, contract-shaped MOU events. */
describe('the events service’s workflows', () => {
  const START = '2025-01-07T03:00:00.000Z';
  const clock = new ManualClock(START);
  const today = () => officeDate(clock.now());
  let nats: TestNatsServer;
  let dir: ReturnType<typeof tempDir>;
  let nc: NatsConnection;
  let mous: Mous;
  let events: ServiceApp | undefined;
  const NIA = newId();
  const UNDP = newId();

  const startEvents = async () => {
    events = await startService({
      service: 'events',
      definition: eventsDefinition,
      routes: activityRoutes,
      background: startEventsWorkflows,
      config: serviceConfigFromEnv('events', { DATA_DIR: join(dir.path, 'events'), NATS_URL: nats.url }),
      clock,
    });
  };
  const stopEvents = async () => {
    await events?.stop();
    events = undefined;
  };
  const app = () => events as ServiceApp;
  const activity = (id: string) => app().runtime.stores.readModel.get('activities', id);
  const plannedEvents = async () => (await app().runtime.stores.events.readAll({ after: 0, limit: 10_000 })).filter((e) => e.type === 'ActivityPlanned');
  const settled = async () => {
    const jsm = await nc.jetstreamManager();
    const info = await eventually(
      () => jsm.consumers.info('EVENTS_MOUS', EVENTS_MOUS_DURABLE),
      (i) => i.num_pending === 0 && i.num_ack_pending === 0,
    );
    expect(info).toMatchObject({ num_pending: 0, num_ack_pending: 0 });
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    process.env.WORKFLOWS_INTERVAL_MS = '100';
    nats = await startNatsServer();
    dir = tempDir('pmt-events-workflows-');
    nc = await connect({ servers: nats.url });
    mous = new Mous(join(dir.path, 'mous.sqlite'), nc);
    await mous.start();
    await startEvents();
  });

  afterAll(async () => {
    await stopEvents();
    await mous?.stop();
    await nc?.close();
    await nats?.stop();
    dir?.remove();
    delete process.env.WORKFLOWS_INTERVAL_MS;
  });

  const mouA = newId();

  it('plans one kickoff when the last signature makes an MOU active: for its parties, under its lead team, saying why', async () => {
    const activated = await mous.activate(
      mouA,
      { title: 'ความร่วมมือด้านนวัตกรรม NIA–UNDP', parties: [NIA, UNDP], leadTeam: 'IASA', effectiveFrom: today(), endsOn: addDays(today(), 730) },
      START,
    );
    const kickoff = await eventually(
      () => activity(kickoffActivityId(mouA)),
      (a) => a !== null,
    );
    expect(kickoff).toMatchObject({
      status: 'planned',
      kind: 'kickoff',
      title: 'Kickoff: ความร่วมมือด้านนวัตกรรม NIA–UNDP',
      mouId: mouA,
      organisationIds: [NIA, UNDP],
      leadTeam: 'IASA',
      startsAt: null,
      origin: { workflow: 'mou-kickoff', sourceEventId: activated.id },
      version: 1,
    });
  });

  it('plans nothing more when the activation comes again: redelivered, re-published, or after a restart', async () => {
    const js = nc.jetstream();
    const [activated] = (await mous.store.readStream(`mou-${mouA}`)).filter((e) => e.type === 'MouActivated');
    // Outside the broker's duplicate window: a new message id.
    await js.publish('events.mous.mou.MouActivated', new TextEncoder().encode(JSON.stringify(activated)), { msgID: newId() });
    await settled();
    await stopEvents();
    await startEvents();
    await settled();
    expect(await activity(kickoffActivityId(mouA))).toMatchObject({ version: 1 });
    expect((await plannedEvents()).filter((e) => (e.data as { mouId: string }).mouId === mouA)).toHaveLength(1);
  });

  it('catches up after downtime: an MOU activated while the events service was down gets its kickoff on restart', async () => {
    await stopEvents();
    const mouB = newId();
    await mous.activate(
      mouB,
      {
        title: 'Provincial development with science and technology',
        parties: [UNDP, NIA],
        leadTeam: null,
        effectiveFrom: today(),
        endsOn: addDays(today(), 365),
      },
      START,
    );
    await startEvents();
    expect(
      await eventually(
        () => activity(kickoffActivityId(mouB)),
        (a) => a !== null,
      ),
    ).toMatchObject({ kind: 'kickoff', organisationIds: [UNDP, NIA], leadTeam: null });
  });

  it('dates the kickoff of an activation entered after the fact by that activation', async () => {
    const mouC = newId();
    const fiveDaysAgo = new Date(clock.now().getTime() - 5 * 86_400_000).toISOString();
    const activated = await mous.activate(
      mouC,
      {
        title: 'Signed last week, entered today',
        parties: [NIA, UNDP],
        leadTeam: 'IMO',
        effectiveFrom: officeDate(fiveDaysAgo),
        endsOn: addDays(today(), 365),
      },
      fiveDaysAgo,
    );
    await eventually(
      () => activity(kickoffActivityId(mouC)),
      (a) => a !== null,
    );
    const planned = (await plannedEvents()).find((e) => (e.data as { mouId: string }).mouId === mouC);
    expect(planned).toMatchObject({ occurredAt: activated.occurredAt, causationId: activated.id });
  });

  it('plans the renewal review once the term end is 90 days away, once, and after a restart past its time still once', async () => {
    const soon = newId();
    const later = newId();
    const soonEnds = addDays(today(), 120);
    const laterEnds = addDays(today(), 400);
    await mous.activate(
      soon,
      { title: 'Joint KPIs across the network', parties: [NIA, UNDP], leadTeam: 'NMCO', effectiveFrom: today(), endsOn: soonEnds },
      START,
    );
    await mous.activate(
      later,
      { title: 'Regional Innovation Centre', parties: [NIA, UNDP], leadTeam: 'NMCO', effectiveFrom: today(), endsOn: laterEnds },
      START,
    );
    await eventually(
      () => activity(kickoffActivityId(later)),
      (a) => a !== null,
    );
    expect(await activity(renewalReviewActivityId(soon, soonEnds))).toBeNull();

    // The service is down while the review falls due (90 days before the end) and for two weeks after.
    await stopEvents();
    clock.set(`${addDays(soonEnds, -76)}T03:00:00.000Z`);
    await startEvents();
    const review = await eventually(
      () => activity(renewalReviewActivityId(soon, soonEnds)),
      (a) => a !== null,
    );
    expect(review).toMatchObject({
      kind: 'review',
      mouId: soon,
      organisationIds: [NIA, UNDP],
      leadTeam: 'NMCO',
      title: `Renewal review: Joint KPIs across the network (term ends ${soonEnds})`,
      origin: { workflow: 'renewal-review' },
    });
    // The same passes looked at the other MOU: its end is still too far away.
    expect(await activity(renewalReviewActivityId(later, laterEnds))).toBeNull();

    await stopEvents();
    clock.advance(7 * 86_400_000);
    await startEvents();
    await settled();
    await eventually(
      () => app().runtime.stores.readModel.get('workflow_activities', renewalReviewActivityId(soon, soonEnds)),
      (d) => d !== null,
    );
    const reviews = (await plannedEvents()).filter(
      (e) => (e.data as { mouId: string; kind: string }).mouId === soon && (e.data as { kind: string }).kind === 'review',
    );
    expect(reviews).toHaveLength(1);
  });

  it('keeps its mirror of the MOUs to itself: the relay publishes the service’s activities only', async () => {
    const jsm = await nc.jetstreamManager();
    const planned = (await plannedEvents()).length;
    const info = await eventually(
      () => jsm.streams.info('EVENTS_EVENTS'),
      (i) => i.state.messages >= planned,
    );
    const subjects = await jsm.streams.info('EVENTS_EVENTS', { subjects_filter: '>' });
    expect(info.state.messages).toBe(planned);
    expect(Object.keys(subjects.state.subjects ?? {}).every((s) => s.startsWith('events.events.activity.'))).toBe(true);
  });
});
