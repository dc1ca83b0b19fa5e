import { SqliteKeyStore } from '../personal-data/transport/sqlite-key-store';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { SqliteEventStore } from '@pmt/event-store-sqlite';
import { isCodedError, newId, type StoredEvent, type Viewer } from '@pmt/kernel';
import { connectNats, EventRelay, InMemoryCheckpointStore, NatsRequester, type CommandMessage, type MessagingLogger } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, startService, type ServiceApp } from '@pmt/service-kit';
import { eventually, startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import type { NatsConnection } from 'nats';
import { organisationRoutes } from '../organisation/transport/organisation.routes';
import { partnersDefinition } from '../partners.definition';
import {
  coInvestmentCommitted,
  fundsDisbursed,
  grantOpened,
  mouDrafted,
  proposalApproved,
  proposalDrafted,
  proposalSubmitted,
  SourceStream,
  thb,
  usd,
  type ProposalTerms,
} from './partnership.fixtures';
import { Collections, PARTNERSHIP_PROJECTION, type Partnership } from './index';
import { startPartnershipInbox } from './transport/partnership-inbox';
import { partnershipRoutes, type PortfolioAnswer } from './transport/partnership.routes';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** Another service as the partners service sees it: a store of its own and its relay to EVENTS_<SERVICE>. */
class Producer {
  private constructor(
    readonly store: SqliteEventStore,
    readonly relay: EventRelay,
  ) {}

  static async start(nc: NatsConnection, service: string, dir: string): Promise<Producer> {
    const store = SqliteEventStore.open(join(dir, `${service}.sqlite`));
    const relay = new EventRelay({ nc, service, store, checkpoints: new InMemoryCheckpointStore(), logger: quiet });
    await relay.start();
    return new Producer(store, relay);
  }

  /** Stores the events as their service would; the relay publishes them. */
  async record(...events: StoredEvent[]): Promise<void> {
    for (const e of events) {
      const { id, type, schemaVersion, data, actor, correlationId, causationId, occurredAt } = e;
      await this.store.append({
        streamId: e.streamId,
        expectedVersion: e.streamVersion - 1,
        events: [{ id, type, schemaVersion, data, actor, correlationId, causationId, occurredAt }],
      });
    }
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.store.close();
  }
}

/** Every document of the partnership read model as text, in collection and id order. */
async function snapshot(runtime: ServiceRuntime): Promise<string[]> {
  const out: string[] = [];
  for (const collection of Object.values(Collections)) {
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = await runtime.stores.readModel.find(collection, {}, { limit: 500, cursor });
      out.push(...page.items.map((d) => `${collection} ${JSON.stringify(d)}`));
      cursor = page.nextCursor;
    } while (cursor);
  }
  return out;
}

/**
 * The partners service with its inbox, a real nats-server and real SQLite files, fed by stand-ins of the
 * mous, proposals and funding services that store contract-shaped events and relay them to JetStream.
 */
describe('the partnership view, built from other services’ integration events', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let dir: ReturnType<typeof tempDir>;
  let service: ServiceApp;
  let requester: NatsRequester;
  let mous: Producer;
  let proposals: Producer;
  let funding: Producer;
  const org: Record<'nia' | 'undp' | 'lampang' | 'investor' | 'idle', string> = { nia: '', undp: '', lampang: '', investor: '', idle: '' };
  const mou = new SourceStream('mou');
  const p1 = new SourceStream('proposal');
  const p2 = new SourceStream('proposal');
  const g1 = new SourceStream('grant');

  const config = () => serviceConfigFromEnv('partners', { DATA_DIR: dir.path, NATS_URL: nats.url });
  const start = () =>
    startService({
      service: 'partners',
      definition: partnersDefinition,
      routes: (runtime) => [...organisationRoutes(runtime, SqliteKeyStore.open(join(dir.path, 'partners-keys.sqlite'))), ...partnershipRoutes(runtime)],
      background: startPartnershipInbox,
      config: config(),
    });
  const query = <T>(subject: string, params: Record<string, unknown>, viewer?: Viewer) =>
    requester.request<T>(subject, { actor: 'viewer', correlationId: newId(), params, ...(viewer && { viewer }) });
  const partnership = (id: string, viewer?: Viewer) => query<Partnership>('partners.partnership.get', { id }, viewer);

  beforeAll(async () => {
    process.env.LOG_LEVEL = 'silent';
    nats = await startNatsServer();
    dir = tempDir('pmt-partnership-');
    nc = await connectNats(nats.url, 'partnership-spec', { logger: quiet });
    requester = new NatsRequester(nc);
    service = await start();
    for (const name of Object.keys(org) as (keyof typeof org)[]) {
      const message: CommandMessage = { commandId: newId(), actor: 'officer', correlationId: newId(), data: { name, kind: 'government', country: 'TH' } };
      org[name] = (await requester.request<{ id: string }>('partners.organisation.register', message)).id;
    }
    [mous, proposals, funding] = await Promise.all([
      Producer.start(nc, 'mous', dir.path),
      Producer.start(nc, 'proposals', dir.path),
      Producer.start(nc, 'funding', dir.path),
    ]);
  }, 30_000);

  afterAll(async () => {
    await service?.stop();
    await Promise.all([mous, proposals, funding].map((p) => p?.stop()));
    await nc?.drain();
    await nats?.stop();
    dir?.remove();
  });

  it('answers zeros for an organisation nothing has happened to, and 404 for an unknown one', async () => {
    expect(await partnership(org.idle)).toEqual({
      organisationId: org.idle,
      mous: { total: 0, byStatus: { draft: 0, 'awaiting-signatures': 0, signed: 0, active: 0, expired: 0, terminated: 0 }, items: [] },
      proposals: { total: 0, byStatus: { draft: 0, submitted: 0, 'revision-requested': 0, approved: 0, rejected: 0, withdrawn: 0 }, asFunder: 0, asPartner: 0 },
      grants: { total: 0, asFunder: 0, asPartner: 0, closedOut: 0 },
      money: { requested: [], awarded: [], disbursed: [], coInvested: [], coInvestedByOrganisation: [] },
      activities: { held: 0, peopleReached: 0 },
      kpis: [],
      updatedAt: null,
    });
    const missing = await partnership(newId()).catch((e: unknown) => e);
    expect(isCodedError(missing) && missing.kind).toBe('not-found');
  });

  it('adds up MOUs, proposals and grants from three services, with duplicates and an out-of-order redelivery', async () => {
    const js = nc.jetstream();
    const publishByHand = (service: string, e: StoredEvent, msgID: string) =>
      js.publish(`events.${service}.${e.streamId.split('-')[0]}.${e.type}`, new TextEncoder().encode(JSON.stringify(e)), { msgID });
    const p1Terms: ProposalTerms = { funderId: org.nia, partnerIds: [org.undp, org.lampang], leadTeam: 'IASA', requestedAmount: thb(5_000_000_00) };

    const mouEvents = [
      mouDrafted(mou, [org.nia, org.undp], '2025-01-07T03:00:00.000Z', [{ id: 'prototypes', name: 'Youth Co:Lab prototypes', target: 20, unit: 'prototypes' }]),
      mou.event('MouSignatureRequested', {}, '2025-01-08T03:00:00.000Z'),
      mou.event('MouFullySigned', { signedOn: '2025-01-09' }, '2025-01-09T03:00:00.000Z'),
      mou.event('MouActivated', { activatedOn: '2025-01-09' }, '2025-01-09T03:00:00.000Z'),
      mou.event('KpiProgressReported', { kpiId: 'prototypes', value: 7, reportedOn: '2025-06-30', note: null }, '2025-07-01T03:00:00.000Z'),
    ];
    const grantEvents = [
      grantOpened(
        g1,
        { proposalId: p1.id, funderId: org.nia, partnerIds: [org.undp, org.lampang], leadTeam: 'IASA', awardedAmount: thb(3_500_000_00) },
        '2025-03-01T03:00:01.000Z',
      ),
      fundsDisbursed(g1, thb(1_000_000_00), '2025-03-15', '2025-03-15T03:00:00.000Z'),
      coInvestmentCommitted(g1, org.investor, thb(20_000_000_00), '2025-04-01', '2025-04-01T03:00:00.000Z'),
    ];
    // The disbursement reaches the broker before the grant's opening: the inbox waits for the opening.
    await publishByHand('funding', grantEvents[1], grantEvents[1].id);
    await funding.record(...grantEvents);
    await mous.record(...mouEvents);
    await proposals.record(
      proposalDrafted(p1, p1Terms, '2025-02-01T03:00:00.000Z'),
      proposalSubmitted(p1, '2025-02-10', '2025-02-10T03:00:00.000Z'),
      proposalApproved(p1, p1Terms, thb(3_500_000_00), '2025-03-01T03:00:00.000Z'),
      proposalDrafted(p2, { funderId: org.nia, partnerIds: [org.lampang], leadTeam: 'NMCO', requestedAmount: usd(100_000_00) }, '2025-05-01T03:00:00.000Z'),
      proposalSubmitted(p2, '2025-05-02', '2025-05-02T03:00:00.000Z'),
    );
    // Published again long after (outside the broker's duplicate window, so under a new message id).
    await publishByHand('mous', mouEvents[0], newId());
    await publishByHand('funding', grantEvents[0], newId());

    const nia = await eventually(
      () => partnership(org.nia),
      (p) =>
        p.updatedAt === '2025-07-01T03:00:00.000Z' &&
        p.grants.total === 1 &&
        p.money.disbursed.length === 1 &&
        p.money.coInvested.length === 1 &&
        p.proposals.total === 2 &&
        p.proposals.byStatus.submitted === 1,
      { what: 'NIA’s partnership', timeoutMs: 20_000 },
    );
    expect(nia).toEqual({
      organisationId: org.nia,
      mous: {
        total: 1,
        byStatus: { draft: 0, 'awaiting-signatures': 0, signed: 0, active: 1, expired: 0, terminated: 0 },
        items: [{ id: mou.id, title: `MOU ${mou.id.slice(-4)}`, status: 'active', endsOn: '2027-01-06' }],
      },
      proposals: { total: 2, byStatus: { draft: 0, submitted: 1, 'revision-requested': 0, approved: 1, rejected: 0, withdrawn: 0 }, asFunder: 2, asPartner: 0 },
      grants: { total: 1, asFunder: 1, asPartner: 0, closedOut: 0 },
      money: {
        requested: [thb(5_000_000_00), usd(100_000_00)],
        awarded: [thb(3_500_000_00)],
        disbursed: [thb(1_000_000_00)],
        coInvested: [thb(20_000_000_00)],
        coInvestedByOrganisation: [],
      },
      activities: { held: 0, peopleReached: 0 },
      kpis: [
        {
          mouId: mou.id,
          kpiId: 'prototypes',
          name: 'Youth Co:Lab prototypes',
          target: 20,
          unit: 'prototypes',
          latestValue: 7,
          latestReportedOn: '2025-06-30',
          progress: 0.35,
        },
      ],
      updatedAt: '2025-07-01T03:00:00.000Z',
    });
    expect((await partnership(org.lampang)).money).toEqual({
      requested: [thb(5_000_000_00), usd(100_000_00)],
      awarded: [thb(3_500_000_00)],
      disbursed: [thb(1_000_000_00)],
      coInvested: [thb(20_000_000_00)],
      coInvestedByOrganisation: [],
    });
    expect((await partnership(org.investor)).money.coInvestedByOrganisation).toEqual([thb(20_000_000_00)]);

    // Each source event is mirrored once, at its own version.
    const inbox = (await service.runtime.stores.events.readAll({ after: 0, limit: 10_000 })).filter((e) => e.streamId.startsWith('inbox-'));
    expect(inbox).toHaveLength(5 + 3 + 5);
    expect((await service.runtime.stores.events.readStream(`inbox-${g1.streamId}`)).map((e) => [e.streamVersion, e.type])).toEqual([
      [1, 'GrantOpened'],
      [2, 'FundsDisbursed'],
      [3, 'CoInvestmentCommitted'],
    ]);
  });

  it('adds up the portfolio per funder and per partner, exactly, with each proposal once in the totals', async () => {
    const byFunder = await query<PortfolioAnswer>('partners.portfolio.get', { groupBy: 'funder' });
    const totals = {
      requested: [thb(5_000_000_00), usd(100_000_00)],
      awarded: [thb(3_500_000_00)],
      disbursed: [thb(1_000_000_00)],
      coInvested: [thb(20_000_000_00)],
      proposals: 2,
      grants: 1,
    };
    expect(byFunder).toEqual({ groupBy: 'funder', from: null, to: null, groups: [{ key: org.nia, ...totals }], nextCursor: null, totals });

    // A page at a time: the partner groups one by one, the totals of all of them on each page.
    const first = await query<PortfolioAnswer>('partners.portfolio.get', { groupBy: 'partner', limit: 1 });
    const second = await query<PortfolioAnswer>('partners.portfolio.get', { groupBy: 'partner', limit: 1, cursor: first.nextCursor });
    expect([...first.groups, ...second.groups].map((g) => g.key)).toEqual([org.undp, org.lampang].sort());
    expect(second.nextCursor).toBeNull();
    expect(second.totals).toEqual(totals);

    const byPartner = await query<PortfolioAnswer>('partners.portfolio.get', { groupBy: 'partner' });
    const lampang = byPartner.groups.find((g) => g.key === org.lampang);
    const undp = byPartner.groups.find((g) => g.key === org.undp);
    expect(lampang).toEqual({ key: org.lampang, ...totals });
    expect(undp).toEqual({ key: org.undp, ...totals, requested: [thb(5_000_000_00)], proposals: 1 });
    expect(byPartner.totals).toEqual(totals);

    const firstQuarter = await query<PortfolioAnswer>('partners.portfolio.get', { groupBy: 'team', from: '2025-01-01', to: '2025-03-31' });
    expect(firstQuarter.groups).toEqual([
      { key: 'IASA', requested: [thb(5_000_000_00)], awarded: [thb(3_500_000_00)], disbursed: [thb(1_000_000_00)], coInvested: [], proposals: 1, grants: 1 },
    ]);

    const backwards = await query('partners.portfolio.get', { groupBy: 'funder', from: '2025-02-01', to: '2025-01-01' }).catch((e: unknown) => e);
    expect(isCodedError(backwards) && backwards.errors).toEqual([{ path: 'to', message: 'must not be before from' }]);
  });

  it('publishes only its own events: the inbox’s copies stay out of EVENTS_PARTNERS', async () => {
    const jsm = await nc.jetstreamManager();
    const info = await eventually(
      () => jsm.streams.info('EVENTS_PARTNERS', { subjects_filter: '>' }),
      (i) => i.state.messages >= 5,
      { what: 'the organisations published', timeoutMs: 20_000 },
    );
    expect(Object.keys(info.state.subjects ?? {})).toEqual(['events.partners.organisation.OrganisationRegistered']);
    expect(info.state.messages).toBe(5);
  });

  it('rebuilds the partnership documents from the log, byte for byte', async () => {
    const running = await snapshot(service.runtime);
    // one MOU, two proposals, one grant, the four organisations they involve, and the MOU in each party's list
    expect(running).toHaveLength(10);
    await service.stop();
    const runtime = await ServiceRuntime.open(config(), partnersDefinition);
    try {
      await runtime.stores.readModel.reset(PARTNERSHIP_PROJECTION, Object.values(Collections));
      expect(await snapshot(runtime)).toEqual([]);
      const stats = await runtime.runner.rebuild(PARTNERSHIP_PROJECTION);
      expect(stats.events).toBeGreaterThanOrEqual(5 + 13);
      expect(await snapshot(runtime)).toEqual(running);
    } finally {
      await runtime.stop();
    }
    // Started again, it answers from the rebuilt documents and its consumers resume where they were.
    service = await start();
    expect((await partnership(org.nia)).money.awarded).toEqual([thb(3_500_000_00)]);
  });

  it('counts a confidential MOU and proposal only for their lead team, admins and auditors', async () => {
    const nmcoStaff: Viewer = { roles: ['staff'], teams: ['NMCO'] };
    const iasaStaff: Viewer = { roles: ['staff'], teams: ['IASA'] };
    const admin: Viewer = { roles: ['admin'], teams: [] };
    const [open, secret, secretProposal] = [new SourceStream('mou'), new SourceStream('mou'), new SourceStream('proposal')];
    const confidential = { confidential: true, leadTeam: 'IASA' };
    await mous.record(
      mouDrafted(open, [org.idle, org.undp], '2025-08-01T03:00:00.000Z'),
      mouDrafted(secret, [org.idle, org.undp], '2025-08-02T03:00:00.000Z', [], confidential),
    );
    const terms: ProposalTerms = { funderId: org.idle, partnerIds: [org.undp], leadTeam: 'IASA', requestedAmount: thb(9_000_00) };
    await proposals.record(
      proposalDrafted(secretProposal, terms, '2025-08-03T03:00:00.000Z', { confidential: true }),
      proposalSubmitted(secretProposal, '2025-08-03', '2025-08-03T04:00:00.000Z'),
    );
    await eventually(
      () => partnership(org.idle, admin),
      (p) => p.mous.total === 2 && p.money.requested.length === 1,
      { what: 'both MOUs and the proposal counted', timeoutMs: 20_000 },
    );

    const nmco = await partnership(org.idle, nmcoStaff);
    expect(nmco.mous.items.map((i) => i.id)).toEqual([open.id]);
    expect(nmco.proposals.total).toBe(0);
    expect(nmco.money.requested).toEqual([]);
    for (const viewer of [iasaStaff, admin, undefined]) {
      const p = await partnership(org.idle, viewer);
      expect(p.mous.items.map((i) => i.id).sort()).toEqual([open.id, secret.id].sort());
      expect(p.money.requested).toEqual([thb(9_000_00)]);
    }

    const funders = (viewer: Viewer) => query<PortfolioAnswer>('partners.portfolio.get', { groupBy: 'funder' }, viewer);
    expect((await funders(nmcoStaff)).groups.map((g) => g.key)).toEqual([org.nia]);
    expect((await funders(nmcoStaff)).totals.proposals).toBe(2);
    expect((await funders(iasaStaff)).groups.map((g) => g.key).sort()).toEqual([org.nia, org.idle].sort());
    expect((await funders(iasaStaff)).totals.proposals).toBe(3);
  });
});
