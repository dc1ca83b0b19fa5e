import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MouCommands, MouQueries } from '@pmt/contracts-mous';
import { OrganisationStatusQuery } from '@pmt/contracts-partners';
import { newId } from '@pmt/kernel';
import { connectNats, NatsRequester, type CommandMessage, type MessagingLogger, type QueryMessage, type Reply } from '@pmt/messaging';
import { serviceConfigFromEnv, startService, type ServiceApp } from '@pmt/service-kit';
import { startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { JSONCodec, type NatsConnection } from 'nats';
import { mousDefinition } from '../../mous.definition';
import { mouRoutes } from './mou.routes';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

process.env.LOG_LEVEL ??= 'warn';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * mous commands as any NATS caller sends them (no gateway in front): the service parses each message's data with
 * the contract's schema and asks partners about every party itself. Partners is played by a responder on
 * `partners.organisation.get`; test/e2e runs the same through the real gateway and the real partners service.
 */
describe('mous routes over NATS', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let requester: NatsRequester;
  const dir = tempDir('pmt-mous-routes-');
  const apps: ServiceApp[] = [];

  /** What partners knows: id -> status. */
  const organisations = new Map<string, string>();
  const organisation = (status: string): string => {
    const id = newId();
    organisations.set(id, status);
    return id;
  };
  const asked: string[] = [];
  let requests = 0;

  const command = (data: unknown, id?: string): CommandMessage => ({
    commandId: newId(),
    actor: 'officer@step.example',
    correlationId: newId(),
    roles: ['staff'],
    ...(id !== undefined && { id }),
    data: data as Record<string, unknown>,
  });
  const send = (subject: string, message: CommandMessage): Promise<Doc> => requester.request<Doc>(subject, message);
  const refusal = (subject: string, message: CommandMessage) =>
    send(subject, message).then(
      () => undefined,
      (e: unknown) => e as Doc,
    );
  const party = (organisationId: string) => ({ organisationId, signatoryName: 'ดร. สมชาย ใจดี', signatoryTitle: 'อธิการบดี' });
  const mou = (...organisationIds: string[]) => ({
    title: 'บันทึกข้อตกลงความร่วมมือ',
    parties: organisationIds.map(party),
    cooperationAreas: ['research'],
    collaborationLevel: 'strategic',
    effectiveFrom: '2025-01-07',
    termMonths: 36,
  });

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, 'mous-spec', { logger: quiet });
    requester = new NatsRequester(nc);
    const codec = JSONCodec<QueryMessage<{ ids: string[] }> | Reply>();
    nc.subscribe(OrganisationStatusQuery, {
      callback: (_, msg) => {
        const { ids } = (codec.decode(msg.data) as QueryMessage<{ ids: string[] }>).params;
        requests++;
        asked.push(...ids);
        const reply: Reply = { ok: true, value: ids.flatMap((id) => (organisations.has(id) ? [{ id, status: organisations.get(id) }] : [])) };
        msg.respond(codec.encode(reply));
      },
    });
    const env = { NATS_URL: nats.url, DATA_DIR: `${dir.path}/mous` };
    apps.push(await startService({ service: 'mous', definition: mousDefinition, routes: mouRoutes, config: serviceConfigFromEnv('mous', env) }));
  }, 60_000);
  afterAll(async () => {
    for (const app of apps.reverse()) await app.stop();
    await nc?.drain();
    await nats?.stop();
    dir.remove();
  });

  describe('creating an MOU', () => {
    it('drafts one whose parties are registered and active, with ids given to its KPIs', async () => {
      const a = organisation('active');
      const b = organisation('active');
      const before = requests;
      const created = await send(MouCommands.create, command({ ...mou(a, b), kpis: [{ name: 'Joint papers', target: 5 }] }));
      expect(created.resource).toMatchObject({ status: 'draft', parties: [{ organisationId: a }, { organisationId: b }] });
      expect(created.resource.kpis[0].id).toEqual(expect.any(String));
      expect(asked).toEqual(expect.arrayContaining([a, b]));
      // both parties in one request: a create costs partners one question, whatever the number of parties
      expect(requests - before).toBe(1);
    });

    it('names each unknown or archived party at its path and writes nothing', async () => {
      const a = organisation('active');
      const archived = organisation('archived');
      const unknown = newId();
      const message = command(mou(a, unknown, archived));
      expect(await refusal(MouCommands.create, message)).toMatchObject({
        kind: 'invalid',
        errors: [
          { path: 'parties[1].organisationId', message: 'no organisation has this id' },
          { path: 'parties[2].organisationId', message: 'this organisation is archived' },
        ],
      });
      const listed = await requester.request<Doc>(MouQueries.list, { actor: 'a', correlationId: 'c', params: { organisationId: a } });
      expect(listed.items).toEqual([]);
    });

    it('refuses a message whose data breaks the contract, naming every bad field, before asking partners', async () => {
      asked.length = 0;
      const a = organisation('active');
      const refused = await refusal(MouCommands.create, command({ ...mou(a, a), termMonths: 0, colour: 'blue' }));
      expect(refused).toMatchObject({ kind: 'invalid' });
      expect((refused?.errors as { path: string }[]).map((e) => e.path).sort()).toEqual(['colour', 'parties[1].organisationId', 'termMonths']);
      expect(asked).toEqual([]);
    });
  });

  describe('commands on an MOU', () => {
    it('parse their data with the contract: a bad field is a 400 naming it, not a cast into the decider', async () => {
      const created = await send(MouCommands.create, command(mou(organisation('active'), organisation('active'))));
      const refused = await refusal(MouCommands.renew, command({ termMonths: 'ten' }, created.id as string));
      expect(refused).toMatchObject({ kind: 'invalid', errors: [{ path: 'termMonths' }] });
      expect(await refusal(MouCommands.sign, command({}, created.id as string))).toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'organisationId', message: 'is required' }],
      });
      expect(await refusal(MouCommands.requestSignatures, command({ extra: 1 }, created.id as string))).toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'extra', message: 'is not a known field' }],
      });
      const terms = await send(MouCommands.reviseTerms, command({ termMonths: 24, kpis: [{ name: 'Visits', target: 3 }] }, created.id as string));
      expect(terms.resource).toMatchObject({ termMonths: 24, kpis: [{ name: 'Visits', id: expect.any(String) }] });
    });
  });
  describe('confidential MOUs', () => {
    const as = (viewer: { roles: string[]; teams: string[] } | undefined, data: unknown, id?: string): CommandMessage => ({
      ...command(data, id),
      ...(viewer && { viewer }),
    });
    const nmco = { roles: ['staff'], teams: ['NMCO'] };
    const iasa = { roles: ['staff'], teams: ['IASA'] };

    it('refuses staff drafting one for a team not theirs, naming leadTeam, before asking partners', async () => {
      asked.length = 0;
      const refused = await refusal(
        MouCommands.create,
        as(nmco, { ...mou(organisation('active'), organisation('active')), confidential: true, leadTeam: 'IASA' }),
      );
      expect(refused).toMatchObject({ kind: 'invalid', errors: [{ path: 'leadTeam', message: 'must be one of your teams to keep it confidential' }] });
      expect(asked).toEqual([]);
    });

    it("takes one from its lead team's staff and from a service's own call (no viewer); the message's teams decide who may close it", async () => {
      const parties = [organisation('active'), organisation('active')];
      const own = await send(MouCommands.create, as(undefined, { ...mou(...parties), confidential: true, leadTeam: 'IMO' }));
      expect(own.resource).toMatchObject({ confidential: true, leadTeam: 'IMO' });
      const created = await send(MouCommands.create, as(iasa, { ...mou(...parties), leadTeam: 'IASA' }));
      const id = created.id as string;
      expect(await refusal(MouCommands.setConfidentiality, as(nmco, { confidential: true }, id))).toMatchObject({
        code: 'MOU.NOT_LEAD_TEAM',
        kind: 'forbidden',
      });
      const closed = await send(MouCommands.setConfidentiality, as(iasa, { confidential: true }, id));
      expect(closed.resource).toMatchObject({ confidential: true, version: 2 });
      expect(await refusal(MouCommands.setConfidentiality, as(nmco, { confidential: false }, id))).toMatchObject({ code: 'MOU.NOT_FOUND', kind: 'not-found' });
      expect(await refusal(MouCommands.setConfidentiality, as(iasa, { confidential: 'no' }, id))).toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'confidential' }],
      });
    });
  });
});
