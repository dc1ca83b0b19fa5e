import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import type { CommandMessage, QueryMessage } from '@pmt/messaging';
import { fail, ok } from './infra/testing/fake-services';
import { commandEcho, startHarness, type Harness } from './infra/testing/harness';

const paths = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path).sort();

describe('gateway /proposals (validation, roles, forwarding, error mapping)', () => {
  let h: Harness;
  let staff: string;
  let admin: string;
  const funder = newId();
  const partnerA = newId();
  const partnerB = newId();
  const archived = newId();

  const goodProposal = () => ({
    title: 'ระบบความปลอดภัยอาหาร Chiang Mai Food Valley',
    leadTeam: 'IASA',
    funderId: funder,
    partnerIds: [partnerA, partnerB],
    requestedAmount: { amount: 250_000_000, currency: 'THB' },
    submissionDeadline: '2025-03-31',
    programme: 'Social innovation 2025',
  });

  beforeAll(async () => {
    h = await startHarness();
    staff = h.token(['staff']);
    admin = h.token(['admin'], 'director@step.example');
    for (const id of [funder, partnerA, partnerB]) h.organisations.set(id, { id, status: 'active', version: 1 });
    h.organisations.set(archived, { id: archived, status: 'archived', version: 2 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const command = (subject: string) => h.fake.last(subject)?.message as unknown as CommandMessage;

  const expectProblem = (r: { status: number; headers: Headers; body: Record<string, unknown> }, status: number) => {
    expect(r.status).toBe(status);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  };

  describe('create', () => {
    it('drafts a good proposal: 201, Location, ETag, and the body forwarded as sent', async () => {
      const r = await h.request('POST', '/api/v1/proposals', { token: staff, body: { ...goodProposal(), reason: 'from the 2013 workshop' } });
      expect(r.status).toBe(201);
      expect(r.headers.get('location')).toBe(`/api/v1/proposals/${r.body.id}`);
      expect(r.headers.get('etag')).toBe('"1"');
      const msg = command('proposals.proposal.create');
      expect(msg.data).toEqual(goodProposal());
      expect(msg.reason).toBe('from the 2013 workshop');
    });

    it('takes THB when the currency is left out, and no partners', async () => {
      const { partnerIds: _p, ...rest } = goodProposal();
      const r = await h.request('POST', '/api/v1/proposals', { token: staff, body: { ...rest, requestedAmount: { amount: 100 } } });
      expect(r.status).toBe(201);
      expect(command('proposals.proposal.create').data).toMatchObject({ requestedAmount: { amount: 100, currency: 'THB' } });
    });

    it('names every bad field in one 400, the proposals service’s rule and organisation errors joined, and forwards no command', async () => {
      // the rules (a funder is not a partner) and the organisation check are the service's: it answers them on
      // proposals.proposal.validate, played here; its route spec shows the rules themselves
      const fromService = [
        { path: 'partnerIds[1]', message: 'is the funder; a funder is not also a partner' },
        { path: 'partnerIds[2]', message: 'is already a partner (partnerIds[0])' },
        { path: 'partnerIds[3]', message: 'no organisation has this id' },
        { path: 'colour', message: 'the service says so too' },
      ];
      await h.fake.handle('proposals.proposal.validate', () => ok({ errors: fromService }));
      const unknown = newId();
      const body = {
        ...goodProposal(),
        title: '  ',
        partnerIds: [partnerA, funder, partnerA, unknown, 'not-a-uuid'],
        requestedAmount: { amount: 1000.5, currency: 'baht' },
        submissionDeadline: '2025-02-30',
        leadTeam: undefined,
        activityId: 'workshop',
        colour: 'blue',
        reason: 'why',
      };
      const r = await h.request('POST', '/api/v1/proposals', { token: staff, body });
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(
        [
          'title',
          'leadTeam',
          'partnerIds[1]',
          'partnerIds[2]',
          'partnerIds[3]',
          'partnerIds[4]',
          'requestedAmount.amount',
          'requestedAmount.currency',
          'submissionDeadline',
          'activityId',
          'colour',
        ].sort(),
      );
      const messages = Object.fromEntries(r.body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
      expect(messages['partnerIds[1]']).toMatch(/funder/);
      expect(messages['partnerIds[3]']).toMatch(/no organisation/);
      expect(messages.colour).toBe('is not a known field'); // the schema's word first on a field both name
      const asked = h.fake.last('proposals.proposal.validate')?.message as { params: unknown };
      expect(asked.params).toEqual({ command: 'create', data: { ...body, leadTeam: undefined } });
      expect(h.fake.all('proposals.proposal.create')).toHaveLength(0);
    });

    it('answers the schema’s errors alone when the service cannot say more', async () => {
      await h.fake.drop('proposals.proposal.validate');
      const r = await h.request('POST', '/api/v1/proposals', { token: staff, body: { ...goodProposal(), title: '' } });
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(['title']);
      expect(h.fake.all('proposals.proposal.create')).toHaveLength(0);
    });

    it('refuses negative, zero and fractional amounts, naming requestedAmount.amount', async () => {
      for (const amount of [-100, 0, 0.01, '100']) {
        const r = await h.request('POST', '/api/v1/proposals', { token: staff, body: { ...goodProposal(), requestedAmount: { amount, currency: 'THB' } } });
        expectProblem(r, 400);
        expect(paths(r.body)).toEqual(['requestedAmount.amount']);
      }
    });

    it('shows the service’s 400 for a well-formed body it refuses (an unknown funder, an archived partner) as it answers it', async () => {
      const errors = [
        { path: 'funderId', message: 'no organisation has this id' },
        { path: 'partnerIds[0]', message: 'this organisation is archived' },
      ];
      await h.fake.handle('proposals.proposal.create', () =>
        fail({ code: 'REQUEST.INVALID', kind: 'invalid', message: 'The request body has invalid fields', errors }),
      );
      const r = await h.request('POST', '/api/v1/proposals', { token: staff, body: { ...goodProposal(), funderId: newId(), partnerIds: [archived] } });
      await h.fake.handle('proposals.proposal.create', commandEcho('create'));
      expectProblem(r, 400);
      expect(r.body.errors).toEqual(errors);
    });

    it('is not for viewers or auditors', async () => {
      for (const roles of [['viewer'], ['auditor']]) {
        const r = await h.request('POST', '/api/v1/proposals', { token: h.token(roles), body: goodProposal() });
        expectProblem(r, 403);
      }
    });
  });

  describe('commands', () => {
    it('sends each route to its subject with the id', async () => {
      const id = newId();
      const routes: [string, unknown, string][] = [
        ['draft', { programme: 'Round 2' }, 'proposals.proposal.revise-draft'],
        ['review-notes', { note: 'ตรวจงบประมาณอีกครั้ง' }, 'proposals.proposal.note-review'],
        ['submission', {}, 'proposals.proposal.submit'],
        ['decision', { outcome: 'approved', awardedAmount: { amount: 200_000_000, currency: 'THB' } }, 'proposals.proposal.decide'],
        ['resubmission', { requestedAmount: { amount: 180_000_000, currency: 'THB' }, note: 'co-investment added' }, 'proposals.proposal.resubmit'],
        ['withdrawal', { reason: 'partner left' }, 'proposals.proposal.withdraw'],
      ];
      for (const [path, body, subject] of routes) {
        const r = await h.request('POST', `/api/v1/proposals/${id}/${path}`, { token: staff, body });
        expect(r.status).toBe(200);
        expect(command(subject)).toMatchObject({ id, data: body });
      }
      // The proposal records why it was withdrawn, and the events' metadata carries the reason like every command's.
      expect(command('proposals.proposal.withdraw')).toMatchObject({ reason: 'partner left', data: { reason: 'partner left' } });
      expect(command('proposals.proposal.note-review').data).toEqual({ note: 'ตรวจงบประมาณอีกครั้ง' });
    });

    // Whether staff may excuse a missed deadline is the proposals decider's call (proposal.routes.int.spec.ts,
    // proposal.spec.ts); the gateway forwards the caller's roles and shows the refusal as the service answers it.
    it('shows the service’s refusal of a late submission by staff as 403, having forwarded the caller’s roles', async () => {
      const message = 'Only an admin may give a lateReason and submit after the deadline';
      await h.fake.handle('proposals.proposal.submit', () => fail({ code: 'PROPOSAL.LATE_SUBMISSION_FORBIDDEN', kind: 'forbidden', message }));
      const r = await h.request('POST', `/api/v1/proposals/${newId()}/submission`, { token: staff, body: { lateReason: 'the funder extended the call' } });
      expectProblem(r, 403);
      expect(r.body.detail).toMatch(/Only an admin/);
      expect(command('proposals.proposal.submit')).toMatchObject({ viewer: { roles: ['staff'] }, data: { lateReason: 'the funder extended the call' } });
      await h.fake.handle('proposals.proposal.submit', commandEcho('update'));
    });

    it('forwards an admin’s lateReason with the caller’s roles', async () => {
      const r = await h.request('POST', `/api/v1/proposals/${newId()}/submission`, { token: admin, body: { lateReason: 'the funder extended the call' } });
      expect(r.status).toBe(200);
      expect(command('proposals.proposal.submit')).toMatchObject({
        viewer: { roles: ['admin'] },
        actor: 'director@step.example',
        data: { lateReason: 'the funder extended the call' },
      });
    });

    it('answers the service’s deadline refusal as 409 naming the deadline and the way out', async () => {
      const message = 'Proposal is "draft": the submission deadline was 2025-03-31 and today is 2025-04-01; an admin may submit late with a lateReason';
      await h.fake.handle('proposals.proposal.submit', () =>
        fail({ code: 'PROPOSAL.DEADLINE_PASSED', kind: 'conflict', message, details: { status: 'draft', submissionDeadline: '2025-03-31' } }),
      );
      try {
        const r = await h.request('POST', `/api/v1/proposals/${newId()}/submission`, { token: staff, body: {} });
        expectProblem(r, 409);
        expect(r.body).toMatchObject({ code: 'PROPOSAL.DEADLINE_PASSED', detail: message, details: { submissionDeadline: '2025-03-31' } });
      } finally {
        await h.fake.handle('proposals.proposal.submit', commandEcho('update'));
      }
    });

    it('answers a command the state does not allow as 409 naming the state', async () => {
      const message = 'Proposal is "approved": the funder has already decided or it was withdrawn';
      await h.fake.handle('proposals.proposal.decide', () =>
        fail({ code: 'PROPOSAL.NOT_DECIDABLE', kind: 'conflict', message, details: { status: 'approved' } }),
      );
      try {
        const r = await h.request('POST', `/api/v1/proposals/${newId()}/decision`, { token: staff, body: { outcome: 'rejected', reasons: ['late'] } });
        expectProblem(r, 409);
        expect(r.body.detail).toContain('"approved"');
      } finally {
        await h.fake.handle('proposals.proposal.decide', commandEcho('update'));
      }
    });

    it('answers the service’s currency refusal as 400 naming awardedAmount.currency', async () => {
      const errors = [{ path: 'awardedAmount.currency', message: 'must be THB, the currency of the amount requested' }];
      await h.fake.handle('proposals.proposal.decide', () =>
        fail({ code: 'PROPOSAL.INVALID_DECISION', kind: 'invalid', message: 'awardedAmount.currency must be THB', errors }),
      );
      try {
        const r = await h.request('POST', `/api/v1/proposals/${newId()}/decision`, {
          token: staff,
          body: { outcome: 'approved', awardedAmount: { amount: 100, currency: 'USD' } },
        });
        expectProblem(r, 400);
        expect(r.body.errors).toEqual(errors);
      } finally {
        await h.fake.handle('proposals.proposal.decide', commandEcho('update'));
      }
    });
  });

  describe('decision and resubmission bodies', () => {
    const decide = (body: unknown) => h.request('POST', `/api/v1/proposals/${newId()}/decision`, { token: staff, body });

    // what each outcome needs (an award to approve, a reason to reject) is the proposals service's rule: its route spec
    it('refuses fractional, negative and stringly awards, and an unknown outcome', async () => {
      for (const amount of [1.5, -1, '100']) {
        const r = await decide({ outcome: 'approved', awardedAmount: { amount, currency: 'THB' } });
        expectProblem(r, 400);
        expect(paths(r.body)).toEqual(['awardedAmount.amount']);
      }
      const bad = await decide({ outcome: 'maybe', awardedAmount: { amount: 1, currency: 'thb' }, reasons: [''] });
      expect(paths(bad.body)).toEqual(['awardedAmount.currency', 'outcome', 'reasons[0]']);
      expect(h.fake.all('proposals.proposal.decide')).toHaveLength(0);
    });

    it('refuses a bad resubmission amount and unknown fields', async () => {
      const r = await h.request('POST', `/api/v1/proposals/${newId()}/resubmission`, {
        token: staff,
        body: { requestedAmount: { amount: -5, currency: 'THB' }, note: ' ', status: 'submitted' },
      });
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(['note', 'requestedAmount.amount', 'status']);
    });

    it('needs a reason to withdraw, and a note to note', async () => {
      const w = await h.request('POST', `/api/v1/proposals/${newId()}/withdrawal`, { token: staff, body: {} });
      expect(paths(w.body)).toEqual(['reason']);
      const n = await h.request('POST', `/api/v1/proposals/${newId()}/review-notes`, { token: staff, body: { note: '' } });
      expect(paths(n.body)).toEqual(['note']);
    });

    it('revises a draft only with something to revise, and checks new organisations', async () => {
      const id = newId();
      const empty = await h.request('POST', `/api/v1/proposals/${id}/draft`, { token: staff, body: { reason: 'nothing' } });
      expectProblem(empty, 400);
      expect(paths(empty.body)).toEqual(['']);
      const unknown = newId();
      await h.fake.handle('proposals.proposal.validate', () => ok({ errors: [{ path: 'partnerIds[1]', message: 'no organisation has this id' }] }));
      const r = await h.request('POST', `/api/v1/proposals/${id}/draft`, {
        token: staff,
        body: { partnerIds: [partnerA, unknown], requestedAmount: { amount: 0 } },
      });
      expectProblem(r, 400);
      expect(paths(r.body)).toEqual(['partnerIds[1]', 'requestedAmount.amount']);
      expect((h.fake.last('proposals.proposal.validate')?.message as { params: { command: string } }).params.command).toBe('reviseDraft');
      expect(h.fake.all('proposals.proposal.revise-draft')).toHaveLength(0);
    });
  });

  describe('reads', () => {
    it('forwards list filters and names each bad one', async () => {
      await h.fake.handle('proposals.proposal.list', () => ok({ items: [], nextCursor: null }));
      const good = await h.request(
        'GET',
        `/api/v1/proposals?status=revision-requested&funderId=${funder}&partnerId=${partnerA}&leadTeam=NMCO&deadlineBefore=2025-04-01`,
        {
          token: h.token(['viewer']),
        },
      );
      expect(good.status).toBe(200);
      expect((h.fake.last('proposals.proposal.list')?.message as unknown as QueryMessage).params).toEqual({
        status: 'revision-requested',
        funderId: funder,
        partnerId: partnerA,
        leadTeam: 'NMCO',
        deadlineBefore: '2025-04-01',
        limit: 50,
      });
      const bad = await h.request('GET', '/api/v1/proposals?status=pending&funderId=x&partnerId=y&deadlineBefore=2025-13-01&limit=0&organisationId=z', {
        token: staff,
      });
      expectProblem(bad, 400);
      expect(paths(bad.body)).toEqual(['deadlineBefore', 'funderId', 'limit', 'organisationId', 'partnerId', 'status']);
    });

    it('reads one proposal with its ETag, and history only for staff, admins and auditors', async () => {
      const id = newId();
      await h.fake.handle('proposals.proposal.get', () => ok({ id, version: 4, status: 'submitted' }));
      await h.fake.handle('proposals.proposal.history', () => ok({ items: [], nextCursor: null }));
      await h.fake.handle('proposals.proposal.state-at', (m) => ok({ id, version: (m.params as { version: number }).version, state: null }));
      const read = await h.request('GET', `/api/v1/proposals/${id}`, { token: h.token(['viewer']) });
      expect(read.headers.get('etag')).toBe('"4"');
      expectProblem(await h.request('GET', `/api/v1/proposals/${id}/history`, { token: h.token(['viewer']) }), 403);
      expect((await h.request('GET', `/api/v1/proposals/${id}/history`, { token: h.token(['auditor']) })).body).toEqual({ items: [], nextCursor: null });
      expect((await h.request('GET', `/api/v1/proposals/${id}/history?version=2`, { token: h.token(['auditor']) })).body).toMatchObject({ version: 2 });
      expectProblem(await h.request('GET', `/api/v1/proposals/not-an-id`, { token: staff }), 400);
    });
  });
});
