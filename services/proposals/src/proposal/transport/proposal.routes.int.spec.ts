import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock, newId } from '@pmt/kernel';
import { connectNats, type CommandMessage, type MessagingLogger } from '@pmt/messaging';
import { answerOrganisations, serviceConfigFromEnv, ServiceRuntime, type Route } from '@pmt/service-kit';
import { startNatsServer, tempDir, type TestNatsServer } from '@pmt/testing';
import { JSONCodec, type NatsConnection } from 'nats';
import { OrganisationStatusQuery } from '@pmt/contracts-partners';
import { proposalsDefinition } from '../../proposals.definition';
import { proposalRoutes } from './proposal.routes';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const quiet: MessagingLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The service's NATS routes, called in-process on a real SQLite store with a clock the test moves. Partners is
 * played by a responder on `partners.organisation.statuses` (services never import each other): every organisation is
 * active but those the test registers otherwise.
 */
describe('proposal routes', () => {
  let nats: TestNatsServer;
  let nc: NatsConnection;
  /** What partners knows besides "active": id -> status, or null for nobody registered it. */
  const organisations = new Map<string, string | null>();
  const dir = tempDir('pmt-proposals-');
  const clock = new ManualClock('2025-03-31T10:00:00Z');
  let runtime: ServiceRuntime;
  let routes: Map<string, Route>;
  const funder = newId();
  const partner = newId();

  const call = async (subject: string, payload: unknown): Promise<Doc> => {
    const route = routes.get(`proposals.proposal.${subject}`);
    if (!route) throw new Error(`no route ${subject}`);
    return (await route.handle(payload)) as Doc;
  };
  const command = (data: Record<string, unknown>, extra: Partial<CommandMessage> = {}): CommandMessage => ({
    commandId: newId(),
    actor: 'officer@step.example',
    correlationId: newId(),
    data,
    ...extra,
  });
  const draftBody = () => ({
    title: 'Lamphun longan processing',
    leadTeam: 'NMCO',
    funderId: funder,
    partnerIds: [partner],
    requestedAmount: { amount: 120_000_00, currency: 'THB' },
    submissionDeadline: '2025-03-31',
    programme: 'Regional science parks',
  });
  const create = async (overrides: Record<string, unknown> = {}) => (await call('create', command({ ...draftBody(), ...overrides }))).resource as Doc;

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connectNats(nats.url, 'proposals-spec', { logger: quiet });
    answerOrganisations(nc, organisations);
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('proposals', { DATA_DIR: dir.path, NATS_URL: nats.url }), proposalsDefinition, clock);
    await runtime.start();
    routes = new Map(proposalRoutes(runtime).map((r) => [r.subject, r]));
  });
  afterAll(async () => {
    await runtime?.stop();
    await nc?.drain();
    await nats?.stop();
    dir.remove();
  });

  describe('organisations and partners', () => {
    it('names an unknown funder and an archived partner at their paths, and writes nothing', async () => {
      const unknown = newId();
      const archived = newId();
      organisations.set(unknown, null);
      organisations.set(archived, 'archived');
      await expect(create({ funderId: unknown, partnerIds: [partner, archived] })).rejects.toMatchObject({
        kind: 'invalid',
        errors: [
          { path: 'funderId', message: 'no organisation has this id' },
          { path: 'partnerIds[1]', message: 'this organisation is archived' },
        ],
      });
      const listed = await call('list', { actor: 'a', correlationId: 'c', params: { funderId: unknown } });
      expect(listed.items).toEqual([]);
    });

    it('asks partners about at most as many organisations as the schema allows, however many ids the body holds', async () => {
      const asked: string[] = [];
      const codec = JSONCodec<{ params: { ids: string[] } }>();
      // a listener besides the stand-in: NATS delivers each question to both, and only the stand-in answers
      const listener = nc.subscribe(OrganisationStatusQuery, { callback: (_, msg) => asked.push(...codec.decode(msg.data).params.ids) });
      await nc.flush(); // the server knows the listener before any question goes out
      const partnerIds = Array.from({ length: 5000 }, () => newId());
      await expect(create({ partnerIds })).rejects.toMatchObject({ kind: 'invalid' });
      await nc.flush(); // every question the server relayed before this round trip has reached the listener
      // funder + the first 50 partners at most
      expect(asked.length).toBeLessThanOrEqual(51);
      expect(asked.length).toBeGreaterThan(1);
      listener.unsubscribe();
    });

    it('checks the organisations a revision names', async () => {
      const { id } = await create();
      const unknown = newId();
      organisations.set(unknown, null);
      await expect(call('revise-draft', command({ partnerIds: [partner, unknown] }, { id }))).rejects.toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'partnerIds[1]', message: 'no organisation has this id' }],
      });
    });

    it('names a bad shape, the partner rules and unknown organisations together in one 400, writing nothing', async () => {
      const unknown = newId();
      const anotherFunder = newId();
      organisations.set(unknown, null);
      const data = {
        title: 'x',
        leadTeam: 'IASA',
        funderId: anotherFunder,
        partnerIds: [anotherFunder, unknown],
        requestedAmount: { amount: 1000.5 },
        submissionDeadline: '2025-02-30',
        programme: 'p',
      };
      const paths = ['partnerIds[0]', 'partnerIds[1]', 'requestedAmount.amount', 'submissionDeadline'];
      type Refusal = { errors: { path: string; message: string }[] };
      const refusal = (await call('create', command(data)).catch((e: unknown) => e)) as Refusal;
      expect(refusal.errors.map((e) => e.path).sort()).toEqual(paths);
      expect(refusal.errors).toEqual(
        expect.arrayContaining([
          { path: 'partnerIds[0]', message: 'is the funder; a funder is not also a partner' },
          { path: 'partnerIds[1]', message: 'no organisation has this id' },
        ]),
      );
      // validate answers the same, for the gateway to join to its own 400
      const validated = await call('validate', { actor: 'a', correlationId: 'c', params: { command: 'create', data } });
      expect(validated.errors.map((e: { path: string }) => e.path).sort()).toEqual(paths);
      expect((await call('list', { actor: 'a', correlationId: 'c', params: { funderId: anotherFunder } })).items).toEqual([]);
    });

    it('needs an award to approve, and a reason and no award to reject or to ask for a revision, before the decider', async () => {
      const id = newId(); // checked before the proposal is loaded, as the gateway's 400 was
      await expect(call('decide', command({ outcome: 'approved' }, { id }))).rejects.toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'awardedAmount', message: 'is required when the outcome is approved' }],
      });
      for (const outcome of ['rejected', 'revision-requested']) {
        await expect(call('decide', command({ outcome, reasons: [] }, { id }))).rejects.toMatchObject({
          errors: [{ path: 'reasons', message: `give at least one reason when the outcome is ${outcome}` }],
        });
      }
      await expect(
        call('decide', command({ outcome: 'rejected', reasons: ['out of scope'], awardedAmount: { amount: 1, currency: 'THB' } }, { id })),
      ).rejects.toMatchObject({
        errors: [{ path: 'awardedAmount', message: 'is given only when the outcome is approved' }],
      });
    });

    it('leaves "a funder is not also a partner" and "each partner once" to the decider, which names each', async () => {
      await expect(create({ partnerIds: [partner, funder, partner] })).rejects.toMatchObject({
        kind: 'invalid',
        errors: [
          { path: 'partnerIds[1]', message: 'is the funder; a funder is not also a partner' },
          { path: 'partnerIds[2]', message: 'is already a partner (partnerIds[0])' },
        ],
      });
    });
  });

  it('drafts a proposal and reads it back as the resource', async () => {
    const created = await create({ description: 'ลำไยอบแห้ง' });
    expect(created).toMatchObject({ status: 'draft', version: 1, description: 'ลำไยอบแห้ง', activityId: null, awardedAmount: null, reviewNotes: [] });
    expect(await call('get', { actor: 'a', correlationId: 'c', params: { id: created.id } })).toEqual(created);
  });

  it('parses each message with the contract before the decider: a bad field is a 400 naming it, nothing is written', async () => {
    const { id, version } = await create();
    await expect(call('decide', command({ outcome: 'approved', awardedAmount: { amount: 1.5 }, colour: 'blue' }, { id }))).rejects.toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'awardedAmount.amount' }, { path: 'colour', message: 'is not a known field' }],
    });
    await expect(call('create', command({ title: 'x' }))).rejects.toMatchObject({
      kind: 'invalid',
      errors: expect.arrayContaining([{ path: 'funderId', message: 'is required' }]),
    });
    await expect(call('note-review', command({ note: 42 }, { id }))).rejects.toMatchObject({ kind: 'invalid', errors: [{ path: 'note' }] });
    expect((await call('get', { actor: 'a', correlationId: 'c', params: { id } })).version).toBe(version);
  });

  it('records who wrote a review note', async () => {
    const { id } = await create();
    const result = await call('note-review', command({ note: 'check the budget' }, { id, actor: 'reviewer@step.example' }));
    expect(result.resource.reviewNotes).toEqual([{ note: 'check the budget', by: 'reviewer@step.example', at: clock.now().toISOString() }]);
  });

  it('counts the deadline in Bangkok: 17:30 UTC on the deadline day is already the next day there', async () => {
    const { id } = await create();
    clock.set('2025-03-31T17:30:00Z');
    await expect(call('submit', command({}, { id }))).rejects.toMatchObject({ code: 'PROPOSAL.DEADLINE_PASSED', kind: 'conflict' });
    await expect(call('submit', command({ lateReason: 'please' }, { id }))).rejects.toMatchObject({ kind: 'forbidden' });
    const late = await call('submit', command({ lateReason: 'call extended by NIA' }, { id, viewer: { roles: ['admin'], teams: [] } }));
    expect(late.resource).toMatchObject({ status: 'submitted', submittedOn: '2025-04-01', late: true, lateReason: 'call extended by NIA' });
    clock.set('2025-03-31T10:00:00Z');
  });

  it('filters the list by status, funder, partner, lead team and deadline', async () => {
    const other = await create({ leadTeam: 'IMO', partnerIds: [], submissionDeadline: '2025-06-30' });
    const ids = async (params: Record<string, unknown>) => ((await call('list', { actor: 'a', correlationId: 'c', params })).items as Doc[]).map((p) => p.id);
    expect(await ids({ leadTeam: 'IMO' })).toEqual([other.id]);
    expect(await ids({ partnerId: partner })).not.toContain(other.id);
    expect((await ids({ partnerId: partner })).length).toBeGreaterThan(0);
    expect(await ids({ funderId: funder })).toContain(other.id);
    expect(await ids({ funderId: newId() })).toEqual([]);
    expect(await ids({ deadlineBefore: '2025-04-01' })).not.toContain(other.id);
    expect(await ids({ deadlineBefore: '2025-07-01' })).toContain(other.id);
    expect(await ids({ status: 'submitted' })).not.toContain(other.id);
  });

  describe('confidentiality over NATS', () => {
    const viewer = (roles: string[], teams: string[]) => ({ viewer: { roles, teams } });
    const nmco = viewer(['staff'], ['NMCO']);
    const iasa = viewer(['staff'], ['IASA']);

    it('drafts a confidential proposal for the caller’s own team, and refuses one for another team naming leadTeam', async () => {
      const created = await call('create', command({ ...draftBody(), confidential: true }, nmco));
      expect(created.resource).toMatchObject({ confidential: true, leadTeam: 'NMCO' });
      await expect(call('create', command({ ...draftBody(), confidential: true }, iasa))).rejects.toMatchObject({
        kind: 'invalid',
        errors: [{ path: 'leadTeam', message: 'must be one of your teams to keep it confidential' }],
      });
    });

    it('hides it from another team’s reads and commands as an unknown id; its own team and the service itself see it', async () => {
      const id = (await create({ confidential: true })).id as string;
      const get = (who: object) => call('get', { actor: 'a', correlationId: 'c', params: { id }, ...who });
      await expect(get(iasa)).rejects.toMatchObject({ kind: 'not-found', code: 'PROPOSAL.NOT_FOUND' });
      await expect(call('note-review', command({ note: 'seen?' }, { id, ...iasa }))).rejects.toMatchObject({ kind: 'not-found' });
      expect(await get(nmco)).toMatchObject({ id, confidential: true });
      // no viewer: a service's own question (funding asks whether a proposal is approved)
      expect(await get({})).toMatchObject({ id, confidential: true });
    });

    it('set-confidentiality: 403 for staff outside the lead team, done by the lead team, nothing for no change', async () => {
      const id = (await create()).id as string;
      await expect(call('set-confidentiality', command({ confidential: true }, { id, ...iasa }))).rejects.toMatchObject({
        kind: 'forbidden',
        code: 'PROPOSAL.NOT_LEAD_TEAM',
      });
      const made = await call('set-confidentiality', command({ confidential: true, reason: 'funder asked' }, { id, ...nmco }));
      expect(made).toMatchObject({ version: 2, resource: { confidential: true } });
      const again = await call('set-confidentiality', command({ confidential: true }, { id, ...nmco }));
      expect(again.version).toBe(2);
      await expect(call('set-confidentiality', command({ confidential: 'yes' }, { id, ...nmco }))).rejects.toMatchObject({ kind: 'invalid' });
    });
  });
});
