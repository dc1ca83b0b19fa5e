import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { fail } from '../../infra/testing/fake-services';
import { commandEcho, startHarness, type Harness } from '../../infra/testing/harness';

/** The route checks the body and the role and forwards with the viewer; the events service decides (its own specs). */
describe('gateway POST /activities/{id}/confidentiality', () => {
  let h: Harness;
  const id = newId();
  const path = `/api/v1/activities/${id}/confidentiality`;

  beforeAll(async () => {
    h = await startHarness();
    await h.fake.handle('events.activity.set-confidentiality', commandEcho('update'));
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const sent = () => h.fake.last('events.activity.set-confidentiality')?.message as unknown as CommandMessage | undefined;

  it('forwards the change with the person’s roles and teams, and answers 200 with the activity', async () => {
    const token = h.token(['staff'], 'iasa@step.example', { claims: { teams: ['IASA'] } });
    const r = await h.request('POST', path, { token, body: { confidential: true, reason: 'ministerial visit' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id, confidential: true });
    expect(sent()).toMatchObject({ id, data: { confidential: true }, reason: 'ministerial visit', viewer: { roles: ['staff'], teams: ['IASA'] } });
  });

  it('refuses a body without a boolean, and a viewer (403), without asking the service', async () => {
    const staff = h.token(['staff']);
    for (const body of [{}, { confidential: 'yes' }, { confidential: true, leadTeam: 'IASA' }]) {
      expect((await h.request('POST', path, { token: staff, body })).status).toBe(400);
    }
    expect((await h.request('POST', path, { token: h.token(['viewer']), body: { confidential: false } })).status).toBe(403);
    expect(sent()).toBeUndefined();
  });

  it('answers the service’s refusals as they are: 404 for a record hidden from the person, 403 for another team', async () => {
    await h.fake.handle('events.activity.set-confidentiality', () =>
      fail({ code: 'ACTIVITY.NOT_FOUND', kind: 'not-found', message: `no activity with id ${id}` }),
    );
    expect((await h.request('POST', path, { token: h.token(['staff']), body: { confidential: true } })).status).toBe(404);
    await h.fake.handle('events.activity.set-confidentiality', () =>
      fail({ code: 'ACTIVITY.NOT_LEAD_TEAM', kind: 'forbidden', message: 'Only the lead team (IASA) or an admin may make this activity confidential' }),
    );
    const r = await h.request('POST', path, { token: h.token(['staff']), body: { confidential: true } });
    expect([r.status, r.body.code]).toEqual([403, 'ACTIVITY.NOT_LEAD_TEAM']);
    await h.fake.handle('events.activity.set-confidentiality', commandEcho('update'));
  });
});
