import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { aggregateProjection, ProjectionRunner, type AggregateDefinition } from '@pmt/event-sourcing';
import type { SqliteEventStore } from '@pmt/event-store-sqlite';
import { notFound, newId, type Decider, type DomainEvent, type Viewer } from '@pmt/kernel';
import type { CommandMessage, QueryMessage } from '@pmt/messaging';
import { tempDir } from '@pmt/testing';
import { commandRoute, queryRoutes } from './aggregate-routes';
import { AggregateEndpoint } from './endpoint';
import type { Route } from './nats-controller';

// A note that may be confidential to its lead team: enough of an aggregate to show the shared hiding rules.
type Command = { type: 'Write'; text: string; confidential: boolean; leadTeam: string | null } | { type: 'Edit'; text: string };
type Event = DomainEvent<'Written', { text: string; confidential: boolean; leadTeam: string | null }> | DomainEvent<'Edited', { text: string }>;
type State = { exists: boolean; text: string; confidential: boolean; leadTeam: string | null };
const decider: Decider<Command, Event, State> = {
  initialState: () => ({ exists: false, text: '', confidential: false, leadTeam: null }),
  evolve: (s, e) => (e.type === 'Written' ? { exists: true, ...e.data } : { ...s, text: e.data.text }),
  decide: (c, s) => {
    if (c.type === 'Write') return [{ type: 'Written', data: { text: c.text, confidential: c.confidential, leadTeam: c.leadTeam } }];
    if (!s.exists) throw notFound('NOTE.NOT_FOUND', 'note not found');
    return [{ type: 'Edited', data: { text: c.text } }];
  },
};
const def: AggregateDefinition<Command, Event, State> = {
  category: 'note',
  collection: 'notes',
  decider,
  visibilityOf: (s) => ({ confidential: s.confidential, leadTeam: s.leadTeam }),
};

const iasa: Viewer = { roles: ['staff'], teams: ['IASA'] };
const nmco: Viewer = { roles: ['staff'], teams: ['NMCO'] };
const viewer: Viewer = { roles: ['viewer'], teams: [] };
const auditor: Viewer = { roles: ['auditor'], teams: [] };

describe('confidential records, for every aggregate served by queryRoutes and commandRoute', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: SqliteEventStore;
  let runner: ProjectionRunner;
  let routes: Map<string, Route['handle']>;

  const command = (subject: string, by: Viewer | undefined, data: Record<string, unknown>, id?: string, expectedVersion?: number) =>
    routes.get(subject)!({
      commandId: newId(),
      actor: 'someone',
      correlationId: newId(),
      ...(id && { id }),
      ...(expectedVersion !== undefined && { expectedVersion }),
      ...(by && { viewer: by }),
      data,
    } as CommandMessage) as Promise<{ id: string; version: number }>;
  const query = (subject: string, by: Viewer | undefined, params: Record<string, unknown>) =>
    routes.get(`note.${subject}`)!({ actor: 'someone', correlationId: newId(), ...(by && { viewer: by }), params } as QueryMessage) as Promise<unknown>;
  const write = (confidential: boolean, by: Viewer = iasa) => command('note.write', by, { text: 'minutes', confidential, leadTeam: 'IASA' });
  /** What the caller gets back: the value, or the error's code and kind (the 404 a client would see). */
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'seen',
      (e: { code?: string; kind?: string; message?: string }) => `${e.kind}: ${e.message?.replace(/[0-9a-f-]{36}/, '<id>')}`,
    );

  beforeEach(async () => {
    dir = tempDir('pmt-visibility-');
    // loaded as the service kit loads them (lazily), so the module boundaries stay as they are
    const { openDatabase, SqliteEventStore } = await import('@pmt/event-store-sqlite');
    const { EmbeddedReadModelStore } = await import('@pmt/read-model-embedded');
    const db = openDatabase(join(dir.path, 'notes.sqlite'));
    store = new SqliteEventStore(db);
    const readModel = new EmbeddedReadModelStore(db);
    runner = new ProjectionRunner(store, readModel, [aggregateProjection(def)]);
    await runner.start();
    const endpoint = new AggregateEndpoint({ events: store, readModel, close: async () => void db.close() }, runner, def, 'note');
    const all: Route[] = [
      commandRoute('note.write', endpoint, (m) => ({ type: 'Write' as const, ...(m.data as { text: string; confidential: boolean; leadTeam: string }) }), {
        create: true,
        newId,
      }),
      commandRoute('note.edit', endpoint, (m) => ({ type: 'Edit', text: String(m.data.text) })),
      ...queryRoutes('note', endpoint, () => ({ filter: {} })),
    ];
    routes = new Map(all.map((r) => [r.subject, r.handle]));
  });

  afterEach(async () => {
    await runner.stop();
    await store.close();
    dir.remove();
  });

  it('answers other teams and team-less viewers exactly as for an id that does not exist, on every read', async () => {
    const { id } = await write(true);
    const unknown = newId();
    for (const subject of ['get', 'history', 'verify', 'state-at', 'diff']) {
      const params = subject === 'diff' ? { from: 1, to: 1 } : {};
      const absent = await outcome(query(subject, nmco, { ...params, id: unknown }));
      expect(absent).toMatch(/^not-found: /);
      expect(await outcome(query(subject, nmco, { ...params, id }))).toBe(absent);
      expect(await outcome(query(subject, viewer, { ...params, id }))).toBe(absent);
      expect(await outcome(query(subject, iasa, { ...params, id }))).toBe('seen');
      expect(await outcome(query(subject, auditor, { ...params, id }))).toBe('seen');
    }
    expect(await outcome(query('export', nmco, { id }))).toBe(await outcome(query('export', nmco, { id: unknown })));
  });

  it('leaves confidential records of other teams out of lists, and keeps open ones in', async () => {
    const secret = await write(true);
    const open = await write(false);
    const ids = async (by: Viewer) => ((await query('list', by, {})) as { items: { id: string }[] }).items.map((n) => n.id).sort();
    expect(await ids(nmco)).toEqual([open.id]);
    expect(await ids(viewer)).toEqual([open.id]);
    expect(await ids(iasa)).toEqual([open.id, secret.id].sort());
    expect(await ids(auditor)).toEqual([open.id, secret.id].sort());
  });

  it('decides a command from another team as if the record did not exist, and writes nothing', async () => {
    const { id } = await write(true);
    const absent = await outcome(command('note.edit', nmco, { text: 'x' }, newId()));
    expect(await outcome(command('note.edit', nmco, { text: 'x' }, id))).toBe(absent);
    // a stale If-Match must not tell "exists" (412) from "absent" either
    expect(await outcome(command('note.edit', nmco, { text: 'x' }, id, 7))).toBe(await outcome(command('note.edit', nmco, { text: 'x' }, newId(), 7)));
    expect(await store.streamVersion(`note-${id}`)).toBe(1);
    await expect(command('note.edit', iasa, { text: 'agreed' }, id)).resolves.toMatchObject({ version: 2 });
    // a service's own command (no viewer: a workflow, the scheduler) sees every record
    await expect(command('note.edit', undefined, { text: 'by the system' }, id)).resolves.toMatchObject({ version: 3 });
  });
});
