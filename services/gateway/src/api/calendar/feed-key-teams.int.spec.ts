import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import type { QueryMessage } from '@pmt/messaging';
import { ok } from '../../infra/testing/fake-services';
import { startHarness, type Harness } from '../../infra/testing/harness';

/**
 * A feed key stands for its owner: the events service hides confidential records by the viewer the gateway names
 * (services/events/src/calendar), so the key must name its owner's teams as their token did.
 */
describe('calendar feed keys carry their owner’s teams', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.fake.handle('events.calendar.feed', () => ok({ icsGzip: gzipSync('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n').toString('base64') }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  const feedAs = async (roles: string[], teams: unknown) => {
    h.fake.clear();
    const token = h.token(roles, 'somsri@step.example', teams === undefined ? {} : { claims: { teams } });
    const made = await h.request('POST', '/api/v1/calendar/feed-tokens', { token, body: {} });
    expect(made.status).toBe(201);
    // asked later, by a calendar app with no token at all
    expect((await h.request('GET', made.body.url)).status).toBe(200);
    return (h.fake.last('events.calendar.feed')?.message as unknown as QueryMessage).viewer;
  };

  it('asks the feed as the owner: their roles and the teams their token named when they made the key', async () => {
    expect(await feedAs(['staff'], ['IASA', 'IMO'])).toEqual({ roles: ['staff'], teams: ['IASA', 'IMO'] });
    expect(await feedAs(['viewer'], undefined)).toEqual({ roles: ['viewer'], teams: [] });
    expect(await feedAs(['auditor'], [])).toEqual({ roles: ['auditor'], teams: [] });
  });
});
