import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ManualClock, newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type Route } from '@pmt/service-kit';
import { tempDir } from '@pmt/testing';
import { proposalsDefinition } from '../../proposals.definition';
import { proposalRoutes } from './proposal.routes';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The service's NATS routes, called in-process on a real SQLite store with a clock the test moves. */
describe('proposal routes', () => {
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
    roles: ['staff'],
    data,
    ...extra,
  });
  const create = async (overrides: Record<string, unknown> = {}) =>
    (
      await call(
        'create',
        command({
          title: 'Lamphun longan processing',
          leadTeam: 'NMCO',
          funderId: funder,
          partnerIds: [partner],
          requestedAmount: { amount: 120_000_00, currency: 'THB' },
          submissionDeadline: '2025-03-31',
          programme: 'Regional science parks',
          ...overrides,
        }),
      )
    ).resource as Doc;

  beforeAll(async () => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('proposals', { DATA_DIR: dir.path }), proposalsDefinition, clock);
    await runtime.start({ relay: false });
    routes = new Map(proposalRoutes(runtime).map((r) => [r.subject, r]));
  });
  afterAll(async () => {
    await runtime.stop();
    dir.remove();
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
    await expect(call('create', command({ title: 'x' }))).rejects.toMatchObject({ kind: 'invalid', errors: expect.arrayContaining([{ path: 'funderId', message: 'is required' }]) });
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
    const late = await call('submit', command({ lateReason: 'call extended by NIA' }, { id, roles: ['admin'] }));
    expect(late.resource).toMatchObject({ status: 'submitted', submittedOn: '2025-04-01', late: true, lateReason: 'call extended by NIA' });
    clock.set('2025-03-31T10:00:00Z');
  });

  it('filters the list by status, funder, partner, lead team and deadline', async () => {
    const other = await create({ leadTeam: 'IMO', partnerIds: [], submissionDeadline: '2025-06-30' });
    const ids = async (params: Record<string, unknown>) =>
      ((await call('list', { actor: 'a', correlationId: 'c', params })).items as Doc[]).map((p) => p.id);
    expect(await ids({ leadTeam: 'IMO' })).toEqual([other.id]);
    expect(await ids({ partnerId: partner })).not.toContain(other.id);
    expect((await ids({ partnerId: partner })).length).toBeGreaterThan(0);
    expect(await ids({ funderId: funder })).toContain(other.id);
    expect(await ids({ funderId: newId() })).toEqual([]);
    expect(await ids({ deadlineBefore: '2025-04-01' })).not.toContain(other.id);
    expect(await ids({ deadlineBefore: '2025-07-01' })).toContain(other.id);
    expect(await ids({ status: 'submitted' })).not.toContain(other.id);
  });
});
