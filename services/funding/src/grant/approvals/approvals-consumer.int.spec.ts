import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { join } from 'node:path';
import { openDatabase, SqliteEventStore } from '@pmt/event-store-sqlite';
import { newId, type Money, type StoredEvent } from '@pmt/kernel';
import { EventRelay, InMemoryCheckpointStore, type MessagingLogger } from '@pmt/messaging';
import { serviceConfigFromEnv, startService, type ServiceApp } from '@pmt/service-kit';
import { eventually, startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { connect, headers, type NatsConnection } from 'nats';
import { fundingService } from '../../funding.service';
import { grantIdOf, type GrantResource, type GrantView, type GrantCommand, type GrantEvent, type GrantState } from '../index';
import { APPROVALS_DURABLE, APPROVALS_STREAM, APPROVALS_SUBJECT } from './approvals-consumer';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const thb = (baht: number): Money => ({ amount: baht * 100, currency: 'THB' });

/**
 * The proposals side as the product has it: a SQLite event store whose EventRelay publishes to EVENTS_PROPOSALS.
 * Its events are written here by hand, shaped as docs/integration-events.md says a ProposalApproved is.
 */
class Proposals {
  readonly store: SqliteEventStore;
  private readonly relay: EventRelay;

  constructor(file: string, nc: NatsConnection) {
    this.store = new SqliteEventStore(openDatabase(file));
    this.relay = new EventRelay({ nc, service: 'proposals', store: this.store, checkpoints: new InMemoryCheckpointStore(), logger: quiet, pollIntervalMs: 20 });
  }

  start = () => this.relay.start();
  stop = async () => {
    await this.relay.stop();
    await this.store.close();
  };

  /** Appends a ProposalApproved to a new proposal stream; answers the stored event. */
  async approve(data: Record<string, unknown>, proposalId = (data.proposalId as string | undefined) ?? newId()): Promise<StoredEvent> {
    const streamId = `proposal-${proposalId}`;
    const now = new Date().toISOString();
    await this.store.append({
      streamId,
      expectedVersion: 'any',
      events: [
        {
          id: newId(),
          type: 'ProposalApproved',
          schemaVersion: 1,
          data: { ...data, at: now },
          actor: 'director@step.example',
          correlationId: newId(),
          causationId: newId(),
          occurredAt: now,
        },
      ],
    });
    const events = await this.store.readStream(streamId);
    return events[events.length - 1];
  }
}

const approval = (title: string, baht: number, proposalId = newId()) => ({
  proposalId,
  title,
  leadTeam: 'IASA',
  funderId: newId(),
  partnerIds: [newId()],
  awardedAmount: thb(baht),
  requestedAmount: thb(baht + 1000),
  reasons: ['fits the programme'],
});

// consumers settle slowly when the whole suite shares two cores
jest.setTimeout(90_000);

/** Grants opened from approvals: a real nats-server, the real funding service, real SQLite files. */
describe('opening grants from approvals', () => {
  let nats: TestNatsServer;
  let dir: ReturnType<typeof tempDir>;
  let nc: NatsConnection;
  let proposals: Proposals;
  let funding: ServiceApp | undefined;
  const approved: StoredEvent[] = [];

  const startFunding = async () => {
    funding = await startService({ ...fundingService, config: serviceConfigFromEnv('funding', { DATA_DIR: join(dir.path, 'funding'), NATS_URL: nats.url }) });
    return funding;
  };
  const stopFunding = async () => {
    await funding?.stop();
    funding = undefined;
  };
  const grants = () => (funding as ServiceApp).runtime.endpoint<GrantCommand, GrantEvent, GrantState, GrantView>('grant');
  const grantsOf = async (proposalId: string) => (await grants().list({ proposalId }, { limit: 10 })).items as Array<GrantResource & { version: number }>;
  /** The grants of a proposal once the read model shows one (an acked command may still be on its way into it). */
  const shownGrantsOf = (proposalId: string) =>
    eventually(
      () => grantsOf(proposalId),
      (g) => g.length > 0,
      { timeoutMs: 20_000 },
    );
  const openedEvents = async () =>
    (await (funding as ServiceApp).runtime.stores.events.readAll({ after: 0, limit: 10_000 })).filter((e) => e.type === 'GrantOpened');
  /** Every message of the stream delivered and acked: the consumer is done with whatever was sent. */
  const settled = async () => {
    const jsm = await nc.jetstreamManager();
    const info = await eventually(
      () => jsm.consumers.info(APPROVALS_STREAM, APPROVALS_DURABLE),
      (i) => i.num_pending === 0 && i.num_ack_pending === 0 && i.num_redelivered === 0,
      // a loaded machine (the whole suite on two cores) can take this long to hand every message over
      { timeoutMs: 40_000 },
    );
    expect(info).toMatchObject({ num_pending: 0, num_ack_pending: 0 });
  };

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    nats = await startNatsServer();
    dir = tempDir('pmt-approvals-');
    nc = await connect({ servers: nats.url });
    proposals = new Proposals(join(dir.path, 'proposals.sqlite'), nc);
    await proposals.start();
  });

  afterAll(async () => {
    await stopFunding();
    await proposals?.stop();
    await nc?.close();
    await nats?.stop();
    dir?.remove();
  });

  it('catches up on approvals made before funding ever ran: one grant each, from the approval’s facts', async () => {
    for (const [title, baht] of [
      ['ระบบตรวจสอบความปลอดภัยอาหาร', 4_000_000],
      ['Lampang ceramics kiln retrofit', 1_250_000],
    ] as const) {
      approved.push(await proposals.approve(approval(title, baht)));
    }
    await startFunding();
    for (const event of approved) {
      const data = event.data as ReturnType<typeof approval>;
      const found = await eventually(
        () => grantsOf(data.proposalId),
        (g) => g.length > 0,
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        id: grantIdOf(data.proposalId),
        status: 'open',
        proposalId: data.proposalId,
        title: data.title,
        funderId: data.funderId,
        partnerIds: data.partnerIds,
        leadTeam: 'IASA',
        awardedAmount: data.awardedAmount,
        version: 1,
      });
    }
  });

  it('records who and what caused the grant: the funding system, the approval’s id and correlation', async () => {
    const event = approved[0];
    const history = await grants().history.history(grantIdOf((event.data as { proposalId: string }).proposalId));
    expect(history.events).toHaveLength(1);
    expect(history.events[0]).toMatchObject({
      type: 'GrantOpened',
      actor: 'system:funding',
      causationId: event.id,
      correlationId: event.correlationId,
      reason: expect.stringContaining('approved by director@step.example'),
    });
  });

  it('opens nothing twice when JetStream delivers the same approval again', async () => {
    const js = nc.jetstream();
    for (const event of approved) {
      // a re-publish outside the duplicate window: same event, new message id, so JetStream stores and delivers it again
      const h = headers();
      h.set('event-type', event.type);
      await js.publish(APPROVALS_SUBJECT, JSON.stringify(event), { msgID: `${event.id}-again`, headers: h });
      await js.publish(APPROVALS_SUBJECT, JSON.stringify(event), { msgID: `${event.id}-and-again` });
    }
    await settled();
    for (const event of approved) expect(await grantsOf((event.data as { proposalId: string }).proposalId)).toHaveLength(1);
    expect(await openedEvents()).toHaveLength(approved.length);
  });

  it('opens nothing twice for a second approval event of the same proposal', async () => {
    const data = approved[1].data as ReturnType<typeof approval>;
    await proposals.approve({ ...data, awardedAmount: thb(999) });
    await settled();
    const found = await grantsOf(data.proposalId);
    expect(found).toHaveLength(1);
    expect(found[0].awardedAmount).toEqual(data.awardedAmount);
  });

  it('drops an approval that can never open a grant, and goes on with the next ones', async () => {
    await proposals.approve({ ...approval('no award', 1), awardedAmount: { amount: 0, currency: 'THB' } });
    await proposals.approve({ title: 'no proposal id' }, newId());
    const good = await proposals.approve(approval('after the bad ones', 750_000));
    approved.push(good);
    await settled();
    expect(await shownGrantsOf((good.data as { proposalId: string }).proposalId)).toHaveLength(1);
    expect(await openedEvents()).toHaveLength(approved.length);
  }, 90_000);

  it('after a stop and a restart, opens what was approved meanwhile and nothing again', async () => {
    await stopFunding();
    const whileDown = [];
    for (let i = 0; i < 5; i++) whileDown.push(await proposals.approve(approval(`approved while funding was down #${i}`, 100_000 * (i + 1))));
    approved.push(...whileDown);
    // and one of those delivered twice
    await nc.jetstream().publish(APPROVALS_SUBJECT, JSON.stringify(whileDown[0]), { msgID: `${whileDown[0].id}-dup` });
    await startFunding();
    await settled();
    for (const event of approved) expect(await shownGrantsOf((event.data as { proposalId: string }).proposalId)).toHaveLength(1);
    const opened = await openedEvents();
    expect(opened).toHaveLength(approved.length);
    // one GrantOpened per approval event, caused by it
    expect(new Set(opened.map((e) => e.causationId))).toEqual(new Set(approved.map((e) => e.id)));
  }, 90_000);

  it('finds the grant already there when a grant for the proposal was opened directly first', async () => {
    const data = approval('opened by hand before the approval arrived', 2_000_000);
    const direct = await grants().execute(
      grantIdOf(data.proposalId),
      { commandId: newId(), actor: 'officer@step.example', correlationId: newId(), data: {} },
      (now) => ({
        type: 'OpenGrant',
        now,
        today: now.slice(0, 10),
        data: {
          id: grantIdOf(data.proposalId),
          proposalId: data.proposalId,
          funderId: data.funderId,
          awardedAmount: thb(2_000_000),
          startsOn: '2025-01-01',
          endsOn: '2025-12-31',
        },
      }),
    );
    await proposals.approve(data);
    await settled();
    const found = await grantsOf(data.proposalId);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: direct.id, version: 1, title: 'Untitled grant' });
  });
});
