import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { newId } from '@pmt/kernel';
import type { QueryMessage } from '@pmt/messaging';
import { hashFeedKey } from './api/calendar/feed-tokens.store';
import { ok } from './infra/testing/fake-services';
import { startHarness, type Harness } from './infra/testing/harness';
import { withoutToken } from './logging';

// The entries and their rules are the events service's (services/events/src/calendar, with its specs); the
// gateway checks the caller's feed key and the query, forwards them, and sends the document as the service wrote it.
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

const FEED_TOKENS = '/api/v1/calendar/feed-tokens';

describe('gateway /calendar.ics and calendar feed keys', () => {
  let h: Harness;
  const orgId = newId();
  const logText: string[] = [];
  const somchai = 'somchai@nstda.example';

  beforeAll(async () => {
    const logDestination = new Writable({
      write(chunk, _enc, done) {
        logText.push(String(chunk));
        done();
      },
    });
    h = await startHarness({ logLevel: 'info', logDestination });
    await h.fake.handle('events.calendar.feed', () => ok({ icsGzip: gzipSync(ICS).toString('base64') }));
  });
  afterAll(async () => {
    await h?.stop();
  });
  beforeEach(() => h.fake.clear());

  const makeKey = async (sub = somchai, roles = ['viewer'], body: unknown = {}) => {
    const r = await h.request('POST', FEED_TOKENS, { token: h.token(roles, sub), body });
    expect(r.status).toBe(201);
    return r.body as { id: string; token: string; url: string };
  };
  const feedActors = () => h.fake.all('events.calendar.feed').map((x) => (x.message as unknown as QueryMessage).actor);

  it('makes a key whose URL a calendar app subscribes to, answering that person’s calendar', async () => {
    const key = await makeKey(somchai, ['viewer'], { label: 'phone' });
    expect(key.url).toBe(`/api/v1/calendar.ics?key=${encodeURIComponent(key.token)}`);
    const r = await h.request('GET', key.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('inline; filename="partnership-tracker.ics"');
    expect(r.text).toBe(ICS);
    // asked as its owner, with nothing to filter by
    expect(feedActors()).toEqual([somchai]);
    expect(h.fake.all('events.calendar.feed').map((x) => (x.message as unknown as QueryMessage).params)).toEqual([{}]);
  });

  it('lists the caller’s keys without their values, and only the caller’s', async () => {
    const mine = await makeKey('list-owner@nstda.example', ['staff'], { label: 'office Outlook' });
    await makeKey('someone-else@nstda.example');
    const r = await h.request('GET', FEED_TOKENS, { token: h.token(['staff'], 'list-owner@nstda.example') });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([{ id: mine.id, label: 'office Outlook', createdAt: expect.any(String) }]);
    expect(r.text).not.toContain(mine.token);
  });

  it('keeps only the hash of a key on disk', async () => {
    const key = await makeKey();
    const file = readFileSync(join(h.dataDir, 'feed-tokens.sqlite')).toString('latin1');
    const wal = (() => {
      try {
        return readFileSync(join(h.dataDir, 'feed-tokens.sqlite-wal')).toString('latin1');
      } catch {
        return '';
      }
    })();
    expect(file + wal).not.toContain(key.token);
    expect(file + wal).toContain(hashFeedKey(key.token));
  });

  it('revokes a key for its owner only; a revoked key is 401', async () => {
    const key = await makeKey();
    const other = await h.request('DELETE', `${FEED_TOKENS}/${key.id}`, { token: h.token(['admin'], 'intruder@nstda.example') });
    expect(other.status).toBe(404);
    expect((await h.request('GET', key.url)).status).toBe(200);
    expect((await h.request('DELETE', `${FEED_TOKENS}/${key.id}`, { token: h.token(['viewer'], somchai) })).status).toBe(204);
    const revoked = await h.request('GET', key.url);
    expect(revoked.status).toBe(401);
    expect(revoked.body.code).toBe('AUTH.BAD_FEED_KEY');
    expect((await h.request('DELETE', `${FEED_TOKENS}/${key.id}`, { token: h.token(['viewer'], somchai) })).status).toBe(404);
  });

  it('refuses a bearer token in the URL, even a valid one next to a good key', async () => {
    const jwt = h.token(['admin']);
    const key = await makeKey();
    for (const query of [
      `?access_token=${jwt}`,
      `?token=${jwt}`,
      `?key=${encodeURIComponent(key.token)}&access_token=${jwt}`,
      `?key=${encodeURIComponent(key.token)}&token=${jwt}`,
    ]) {
      const r = await h.request('GET', `/api/v1/calendar.ics${query}`);
      expect({ query, status: r.status, code: r.body.code }).toEqual({ query, status: 401, code: 'AUTH.TOKEN_IN_URL' });
    }
    // nor in the header: the feed's one credential is its key
    expect((await h.request('GET', '/api/v1/calendar.ics', { token: jwt })).status).toBe(401);
    expect((await h.request('GET', '/api/v1/calendar.ics')).status).toBe(401);
    expect((await h.request('GET', '/api/v1/calendar.ics?key=not-a-key')).status).toBe(401);
    expect((await h.request('GET', `/api/v1/calendar.ics?key=${encodeURIComponent(key.token)}&key=x`)).status).toBe(401);
    expect(feedActors()).toEqual([]);
  });

  it('opens no other route with a key', async () => {
    const key = await makeKey(somchai, ['admin']);
    for (const path of ['/api/v1/organisations', '/api/v1/mous', FEED_TOKENS]) {
      expect((await h.request('GET', `${path}?key=${encodeURIComponent(key.token)}`)).status).toBe(401);
    }
  });

  it('never logs a key or a token in the URL, whatever the spelling', async () => {
    const key = await makeKey();
    const jwt = h.token(['viewer']);
    const spellings = [`?key=${key.token}`, `?%6Bey=${key.token}`, `?k%65y=${key.token}`, `?KEY=${key.token}`, `?team=NMCO&key=${key.token}`];
    for (const query of spellings) await h.request('GET', `/api/v1/calendar.ics${query}`);
    await h.request('GET', `/api/v1/calendar.ics?access_token=${jwt}`);
    await h.request('GET', `/api/v1/calendar.ics?to%6Ben=${jwt}`);
    // the encoded spellings are the same key to the query parser: they answered the feed
    expect(feedActors().length).toBeGreaterThanOrEqual(3);
    const logged = logText.join('');
    expect(logged).toContain('calendar.ics');
    expect(logged).not.toContain(key.token);
    expect(logged).not.toContain(jwt);
    expect(withoutToken('/api/v1/calendar.ics?team=NMCO&%6Bey=abc&key%5B%5D=def')).toBe('/api/v1/calendar.ics?team=NMCO&%6Bey=[redacted]&key%5B%5D=[redacted]');
  });

  it('passes team and organisationId to the service, and only those (never the key)', async () => {
    const key = await makeKey();
    const r = await h.request('GET', `/api/v1/calendar.ics?team=NMCO&organisationId=${orgId}&key=${encodeURIComponent(key.token)}`);
    expect(r.status).toBe(200);
    expect(h.fake.all('events.calendar.feed').map((x) => (x.message as unknown as QueryMessage).params)).toEqual([{ team: 'NMCO', organisationId: orgId }]);
  });

  it('names a bad parameter in a 400: an organisationId that is no UUID, a team given twice, an unknown one', async () => {
    const key = await makeKey();
    const r = await h.request('GET', `/api/v1/calendar.ics?key=${encodeURIComponent(key.token)}&organisationId=chiang-mai&team=a&team=b&colour=blue`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'organisationId', 'team']);
  });

  it('refuses an unknown field when making a key, and a key for nobody', async () => {
    const r = await h.request('POST', FEED_TOKENS, { token: h.token(['viewer']), body: { label: 'phone', owner: 'someone-else' } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['owner']);
    expect((await h.request('POST', FEED_TOKENS, { body: {} })).status).toBe(401);
  });
});
