import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import { connectNats, NatsRequester, type CommandMessage, type MessagingLogger, type QueryMessage, type Reply } from '@pmt/messaging';
import { answerOrganisations, serviceConfigFromEnv, startService, type ServiceApp } from '@pmt/service-kit';
import { startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { JSONCodec, type NatsConnection } from 'nats';
import { fundingDefinition } from '../../funding.definition';
import { grantRoutes } from './grant.routes';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

process.env.LOG_LEVEL ??= 'warn';

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };
const thb = (baht: number) => ({ amount: baht * 100, currency: 'THB' });

/**
 * funding.grant.open as any NATS caller sends it (no gateway in front): funding itself canonicalises the
 * proposal id and asks `proposals.proposal.get` whether the proposal may be funded. Services never import each
 * other, so proposals is played here by a responder on its subject; test/e2e/ids-and-keys.e2e.spec.ts runs the
 * same through the real gateway and the real proposals service.
 */
describe('opening a grant for a proposal over NATS', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  let requester: NatsRequester;
  const dir = tempDir('pmt-funding-proposals-');
  const apps: ServiceApp[] = [];
  const funder = newId();

  const command = (data: Record<string, unknown>, id?: string): CommandMessage => ({
    commandId: newId(),
    actor: 'officer@step.example',
    correlationId: newId(),
    roles: ['staff'],
    ...(id !== undefined && { id }),
    data,
  });
  const send = async (subject: string, message: CommandMessage): Promise<Doc> => requester.request<Doc>(subject, message);
  const refusal = (subject: string, message: CommandMessage) =>
    send(subject, message).then(
      () => undefined,
      (e: unknown) => e,
    );
  const grant = (proposalId: unknown) => command({ proposalId, funderId: funder, awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31' });

  /** What partners knows besides "active": id -> status, or null for nobody registered it. */
  const organisations = new Map<string, string | null>();
  /** What the proposals service knows: id -> status. */
  const proposals = new Map<string, string>();
  const proposal = (status: string): string => {
    const id = newId();
    proposals.set(id, status);
    return id;
  };
  /** Confidential proposals: id -> lead team. */
  const confidential = new Map<string, string>();
  /** The viewers funding named when it asked proposals. */
  const askedAs: unknown[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, 'funding-spec', { logger: quiet });
    requester = new NatsRequester(nc);
    const codec = JSONCodec<QueryMessage<{ id: string }> | Reply>();
    nc.subscribe('proposals.proposal.get', {
      callback: (_, msg) => {
        const query = codec.decode(msg.data) as QueryMessage<{ id: string }>;
        const { id } = query.params;
        askedAs.push(query.viewer);
        const status = proposals.get(id);
        const leadTeam = confidential.get(id);
        const reply: Reply = status
          ? {
              ok: true,
              value: { id, status, version: 3, ...(leadTeam !== undefined ? { confidential: true, leadTeam } : { confidential: false, leadTeam: 'IASA' }) },
            }
          : { ok: false, error: { code: 'PROPOSAL.NOT_FOUND', kind: 'not-found', message: `no proposal with id ${id}` } };
        msg.respond(codec.encode(reply));
      },
    });
    // partners, as the funding service asks it about the funder and partners of every grant opened
    answerOrganisations(nc, organisations);
    const env = (service: string) => ({ NATS_URL: nats.url, DATA_DIR: `${dir.path}/${service}` });
    // funding without its approvals consumer: only the direct path is under test here
    apps.push(
      await startService({ service: 'funding', definition: fundingDefinition, routes: grantRoutes, config: serviceConfigFromEnv('funding', env('funding')) }),
    );
  }, 60_000);
  afterAll(async () => {
    for (const app of apps.reverse()) await app.stop();
    await nc?.drain();
    await nats?.stop();
    dir.remove();
  });

  it('opens one grant for an approved proposal whatever the case of its id', async () => {
    const proposalId = proposal('approved');
    const opened = await send('funding.grant.open', grant(proposalId.toUpperCase()));
    expect(opened.resource).toMatchObject({ proposalId, funderId: funder, status: 'open' });
    const again = await refusal('funding.grant.open', grant(proposalId));
    expect(again).toMatchObject({ code: 'GRANT.ALREADY_EXISTS', kind: 'conflict', message: expect.stringContaining('already funded') });
    const listed = await send('funding.grant.list', {
      actor: 'a',
      correlationId: 'c',
      params: { proposalId: proposalId.toUpperCase() },
    } as unknown as CommandMessage);
    expect((listed.items as Doc[]).map((g) => g.id)).toEqual([opened.id]);
  });

  it('refuses a proposal nobody made, naming proposalId, and a draft or rejected one, saying its state', async () => {
    expect(await refusal('funding.grant.open', grant(newId()))).toMatchObject({
      code: 'GRANT.PROPOSAL_UNKNOWN',
      kind: 'invalid',
      errors: [{ path: 'proposalId' }],
    });
    const draft = proposal('draft');
    expect(await refusal('funding.grant.open', grant(draft))).toMatchObject({
      code: 'GRANT.PROPOSAL_NOT_APPROVED',
      kind: 'conflict',
      message: expect.stringContaining('is draft'),
    });
    const rejected = proposal('rejected');
    expect(await refusal('funding.grant.open', grant(rejected))).toMatchObject({
      code: 'GRANT.PROPOSAL_NOT_APPROVED',
      message: expect.stringContaining('is rejected'),
    });
    expect(await refusal('funding.grant.open', grant('P-1'))).toMatchObject({ kind: 'invalid', errors: [{ path: 'proposalId', message: 'must be a UUID' }] });
  });

  it('parses each message with the funding contract before the decider: a stray or malformed field is a 400 naming it', async () => {
    const bad = command({ funderId: funder, awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31', colour: 'blue' });
    expect(await refusal('funding.grant.open', bad)).toMatchObject({ kind: 'invalid', errors: [{ path: 'colour', message: 'is not a known field' }] });
    const opened = await send('funding.grant.open', command({ funderId: funder, awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31' }));
    const tranche = command({ tranches: [{ dueOn: '2025-02-01', amount: thb(100), note: 'x' }] }, opened.id as string);
    expect(await refusal('funding.grant.schedule-tranches', tranche)).toMatchObject({ kind: 'invalid', errors: [{ path: 'tranches[0].note' }] });
  });

  it('names a bad shape, the partner and period rules and unknown or archived organisations in one 400, writing nothing', async () => {
    const unknown = newId();
    const archived = newId();
    const partner = newId();
    organisations.set(unknown, null);
    organisations.set(archived, 'archived');
    const data = {
      funderId: unknown,
      partnerIds: [archived, partner, partner, unknown],
      awardedAmount: { amount: 12.5 },
      startsOn: '2025-02-01',
      endsOn: '2025-01-31',
    };
    const e = (await refusal('funding.grant.open', command(data))) as { kind: string; errors: { path: string; message: string }[] };
    expect(e.kind).toBe('invalid');
    expect(e.errors).toEqual([
      { path: 'awardedAmount.amount', message: 'must be an integer number of minor units (satang)' },
      { path: 'partnerIds[2]', message: 'is already a partner (partnerIds[1])' },
      { path: 'partnerIds[3]', message: 'is the funder; a funder is not also a partner' },
      { path: 'endsOn', message: 'must be on or after startsOn (2025-02-01)' },
      { path: 'funderId', message: 'no organisation has this id' },
      { path: 'partnerIds[0]', message: 'this organisation is archived' },
    ]);
    // validate answers the same without writing, for the gateway to join to its own 400
    const validated = await requester.request<{ errors: unknown[] }>('funding.grant.validate', {
      actor: 'a',
      correlationId: 'c',
      params: { command: 'open', data },
    });
    expect(validated.errors).toHaveLength(7); // partnerIds[3] is also unknown: one 400 names each field once
    expect(
      (await requester.request<{ items: unknown[] }>('funding.grant.list', { actor: 'a', correlationId: 'c', params: { funderId: unknown } })).items,
    ).toEqual([]);
  });

  it('checks that a co-investor is a registered organisation that is not archived', async () => {
    const opened = await send('funding.grant.open', command({ funderId: funder, awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31' }));
    const archived = newId();
    organisations.set(archived, 'archived');
    const e = await refusal('funding.grant.commit-co-investment', command({ organisationId: archived, amount: thb(500) }, opened.id as string));
    expect(e).toMatchObject({ kind: 'invalid', errors: [{ path: 'organisationId', message: 'this organisation is archived' }] });
  });

  it('stores every id of the message in lower case', async () => {
    const opened = await send(
      'funding.grant.open',
      command({ funderId: funder.toUpperCase(), awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31' }),
    );
    expect(opened.resource).toMatchObject({ funderId: funder });
    const got = await send('funding.grant.get', {
      actor: 'a',
      correlationId: 'c',
      params: { id: (opened.id as string).toUpperCase() },
    } as unknown as CommandMessage);
    expect(got.id).toBe(opened.id);
  });

  describe('a confidential proposal', () => {
    const as = (teams: string[], roles = ['staff']) => ({ viewer: { roles, teams } });
    const secret = () => {
      const id = proposal('approved');
      confidential.set(id, 'IASA');
      return id;
    };

    it('is found by funding asking as itself, and is unknown to a caller of another team (400 naming proposalId), nothing written', async () => {
      const id = secret();
      askedAs.length = 0;
      expect(await refusal('funding.grant.open', { ...grant(id), ...as(['NMCO']) })).toMatchObject({
        code: 'GRANT.PROPOSAL_UNKNOWN',
        errors: [{ path: 'proposalId', message: 'no proposal has this id' }],
      });
      expect(askedAs).toEqual([undefined]);
      const listed = await send('funding.grant.list', { actor: 'a', correlationId: 'c', params: { proposalId: id } } as unknown as CommandMessage);
      expect(listed.items).toEqual([]);
    });

    it('gives its grant, opened by its lead team or an admin, its confidentiality and lead team', async () => {
      const byIasa = await send('funding.grant.open', { ...grant(secret()), ...as(['IASA']) });
      expect(byIasa.resource).toMatchObject({ confidential: true, leadTeam: 'IASA' });
      const byAdmin = await send('funding.grant.open', { ...command({ ...grant(secret()).data, leadTeam: 'NMCO' }), ...as([], ['admin']) });
      expect(byAdmin.resource).toMatchObject({ confidential: true, leadTeam: 'IASA' });
    });

    it('an open grant made confidential by staff for another team is refused, naming leadTeam', async () => {
      const body = command({ funderId: funder, awardedAmount: thb(1_000), startsOn: '2025-01-01', endsOn: '2025-12-31', leadTeam: 'IASA', confidential: true });
      expect(await refusal('funding.grant.open', { ...body, ...as(['NMCO']) })).toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'leadTeam', message: 'must be one of your teams to keep it confidential' }],
      });
      const opened = await send('funding.grant.open', { ...body, commandId: newId(), ...as(['IASA']) });
      expect(opened.resource).toMatchObject({ confidential: true, leadTeam: 'IASA' });
    });
  });
});
