import { join } from 'node:path';
import { SqliteKeyStore } from '../../personal-data/sqlite-key-store';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganisationCommands } from '@pmt/contracts-partners';
import { newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { serviceConfigFromEnv, ServiceRuntime, type Route } from '@pmt/service-kit';
import { tempDir } from '@pmt/testing';
import { partnersDefinition } from '../../partners.definition';
import { organisationRoutes } from './organisation.routes';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The organisation routes, called in-process on a real SQLite store: each message is parsed with the partners contract. */
describe('organisation routes', () => {
  const dir = tempDir('pmt-partners-routes-');
  let runtime: ServiceRuntime;
  let routes: Map<string, Route>;

  const call = async (subject: string, payload: unknown): Promise<Doc> => (await (routes.get(subject) as Route).handle(payload)) as Doc;
  const command = (data: unknown, id?: string): CommandMessage => ({
    commandId: newId(),
    actor: 'officer@step.example',
    correlationId: newId(),
    roles: ['staff'],
    ...(id !== undefined && { id }),
    data: data as Record<string, unknown>,
  });

  beforeAll(async () => {
    runtime = await ServiceRuntime.open(serviceConfigFromEnv('partners', { DATA_DIR: dir.path }), partnersDefinition);
    await runtime.start({ relay: false });
    routes = new Map(organisationRoutes(runtime, SqliteKeyStore.open(join(dir.path, 'partners-keys.sqlite'))).map((r) => [r.subject, r]));
  });
  afterAll(async () => {
    await runtime?.stop();
    dir.remove();
  });

  it('registers an organisation whose data keeps the contract, giving its contacts ids', async () => {
    const r = await call(
      OrganisationCommands.register,
      command({ name: 'มหาวิทยาลัยเชียงใหม่', kind: 'academic', country: 'TH', contacts: [{ name: 'A', email: 'a@cmu.ac.th' }] }),
    );
    expect(r.resource).toMatchObject({ name: 'มหาวิทยาลัยเชียงใหม่', sectors: [], contacts: [{ name: 'A', id: expect.any(String) }] });
  });

  it('refuses data that breaks the contract with a 400 naming every bad field', async () => {
    await expect(call(OrganisationCommands.register, command({ name: 'x', kind: 'club', country: 'Thailand', colour: 'blue' }))).rejects.toMatchObject({
      kind: 'invalid',
      errors: expect.arrayContaining([
        { path: 'kind', message: expect.any(String) },
        { path: 'country', message: expect.any(String) },
        { path: 'colour', message: 'is not a known field' },
      ]),
    });
    const { id } = (await call(OrganisationCommands.register, command({ name: 'NIA', kind: 'government', country: 'TH' }))) as { id: string };
    await expect(call(OrganisationCommands.addContact, command({ name: 'B', email: 'nope' }, id))).rejects.toMatchObject({
      kind: 'invalid',
      errors: [{ path: 'email' }],
    });
    await expect(call(OrganisationCommands.archive, command({ why: 1 }, id))).rejects.toMatchObject({ kind: 'invalid', errors: [{ path: 'why' }] });
  });
});
