import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { newId } from '@pmt/kernel';
import type { QueryMessage } from '@pmt/messaging';
import { ok } from './infra/testing/fake-services';
import { startHarness, type Harness } from './infra/testing/harness';
import { withoutToken } from './logging';

// The entries and their rules are the events service's (services/events/src/calendar, with its specs); the
// gateway checks the caller and the query, forwards them, and sends the document as the service wrote it.
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//partnership-tracker//calendar//EN',
  'BEGIN:VEVENT',
  'UID:activity-a1@partnership-tracker',
  'SUMMARY:เวิร์กช็อปความต้องการเ',
  ' ทคโนโลยีภาคเหนือ',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('gateway /calendar.ics', () => {
  let h: Harness;
  const orgId = newId();

  beforeAll(async () => {
    h = await startHarness();
    await h.fake.handle('events.calendar.feed', () => ok({ icsGzip: gzipSync(ICS).toString('base64') }));
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const feed = (query = '', roles = ['viewer']) => h.request('GET', `/api/v1/calendar.ics${query}`, { token: h.token(roles) });

  it('lets a calendar app subscribe by URL with ?access_token=, and no other route takes a token that way', async () => {
    const token = h.token(['viewer']);
    const subscribed = await h.request('GET', `/api/v1/calendar.ics?team=NMCO&access_token=${token}`);
    expect(subscribed.status).toBe(200);
    expect(subscribed.text).toContain('BEGIN:VCALENDAR');
    expect((await h.request('GET', '/api/v1/calendar.ics?access_token=not-a-token')).status).toBe(401);
    expect((await h.request('GET', '/api/v1/calendar.ics')).status).toBe(401);
    expect((await h.request('GET', `/api/v1/organisations?access_token=${token}`)).status).toBe(401);
    expect(withoutToken(`/api/v1/calendar.ics?team=NMCO&access_token=${token}`)).toBe('/api/v1/calendar.ics?team=NMCO&access_token=[redacted]');
  });

  it('answers the events service’s document as text/calendar in UTF-8, byte for byte, Thai intact', async () => {
    const r = await feed();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('inline; filename="partnership-tracker.ics"');
    expect(r.text).toBe(ICS);
    // one request to the service, with nothing to filter by
    expect(h.fake.all('events.calendar.feed').map((x) => (x.message as unknown as QueryMessage).params)).toEqual([{}]);
  });

  it('passes team and organisationId to the service, and only those (never the token)', async () => {
    const r = await h.request('GET', `/api/v1/calendar.ics?team=NMCO&organisationId=${orgId}&access_token=${h.token(['viewer'])}`);
    expect(r.status).toBe(200);
    expect(h.fake.all('events.calendar.feed').map((x) => (x.message as unknown as QueryMessage).params)).toEqual([{ team: 'NMCO', organisationId: orgId }]);
  });

  it('names a bad parameter in a 400: an organisationId that is no UUID, a team given twice, an unknown one', async () => {
    const r = await feed('?organisationId=chiang-mai&team=a&team=b&colour=blue');
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'organisationId', 'team']);
  });

  it('needs a token', async () => {
    expect((await h.request('GET', '/api/v1/calendar.ics')).status).toBe(401);
  });
});
