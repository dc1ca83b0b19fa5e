import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandEcho, startHarness, type Harness } from '../../infra/testing/harness';

/**
 * `POST /api/v1/mous/{id}/confidentiality` at the gateway: who may send it, what body it takes, and that the mous
 * service learns who asks (roles and teams), which its rules need. The hiding itself is the mous service's and is
 * shown through the running product in test/e2e/confidential-mous.e2e.spec.ts.
 */
describe('gateway POST /mous/{id}/confidentiality', () => {
  let h: Harness;
  const subject = 'mous.mou.set-confidentiality';
  const sent = () => h.fake.last(subject)?.message as unknown as CommandMessage | undefined;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(async () => {
    h.fake.clear();
    await h.fake.handle(subject, commandEcho('update'));
  });

  it('forwards the choice with the reason beside it and the viewer (roles and teams), answering 200 with the MOU', async () => {
    const id = newId();
    const token = h.token(['staff'], 'somchai@iasa.example', { claims: { teams: ['IASA', 'NMCO'] } });
    const r = await h.request('POST', `/api/v1/mous/${id}/confidentiality`, { token, body: { confidential: true, reason: 'negotiation under way' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, version: 2, confidential: true });
    expect(r.headers.get('etag')).toBe('"2"');
    expect(sent()).toMatchObject({
      id,
      actor: 'somchai@iasa.example',
      reason: 'negotiation under way',
      data: { confidential: true },
      viewer: { roles: ['staff'], teams: ['IASA', 'NMCO'] },
    });
  });

  it('refuses a body without a boolean confidential, or with anything else, naming the field, and sends nothing', async () => {
    const token = h.token(['staff']);
    for (const [body, path] of [
      [{}, 'confidential'],
      [{ confidential: 'yes' }, 'confidential'],
      [{ confidential: true, leadTeam: 'IASA' }, 'leadTeam'],
    ] as const) {
      const r = await h.request('POST', `/api/v1/mous/${newId()}/confidentiality`, { token, body });
      expect(r.status).toBe(400);
      expect((r.body.errors as { path: string }[]).map((e) => e.path)).toContain(path);
    }
    expect(sent()).toBeUndefined();
  });

  it('is for staff and admins: auditors and viewers get 403, and nothing is sent', async () => {
    for (const roles of [['auditor'], ['viewer']]) {
      const r = await h.request('POST', `/api/v1/mous/${newId()}/confidentiality`, { token: h.token(roles), body: { confidential: false } });
      expect(r.status).toBe(403);
    }
    expect(sent()).toBeUndefined();
  });
});
