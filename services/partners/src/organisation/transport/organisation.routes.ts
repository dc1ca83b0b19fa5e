import { parseOrThrow } from '@pmt/contracts-common';
import * as contract from '@pmt/contracts-partners';
import { isCodedError, newId, viewerOf } from '@pmt/kernel';
import type { CommandMessage, CommandResult, QueryMessage } from '@pmt/messaging';
import { commandRoute, queryRoutes, type AggregateEndpoint, type Route, type ServiceRuntime } from '@pmt/service-kit';
import type { z } from 'zod';
import type { ContactInput, OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView } from '../index';
import type { PersonalDataKeys } from '../../personal-data/key-store';
import { personalDataRoutes } from '../../personal-data/transport/personal-data.routes';
import { reveal } from '../../personal-data/reveal';
import { sealContacts, type ContactFields } from '../../personal-data/seal-contact';

const { OrganisationCommands } = contract;
type OrganisationEndpoint = AggregateEndpoint<OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView>;
type OrganisationStatusReply = contract.OrganisationStatusReply;

/**
 * The message's data parsed with the contract's schema before anything reaches the decider: a bad field is a 400
 * naming it, whoever sent the message. `reason` travels beside the data (the events' metadata), so it is dropped.
 */
function dataOf<S extends z.ZodType>(schema: S, m: CommandMessage): Omit<z.output<S>, 'reason'> {
  const { reason: _reason, ...data } = parseOrThrow(schema, m.data, 'command data') as z.output<S> & { reason?: string };
  return data;
}

export function organisationRoutes(runtime: ServiceRuntime, keys: PersonalDataKeys): Route[] {
  const organisations = runtime.endpoint<OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView>('organisation');
  /** A command whose new contacts are sealed first (their keys destroyed again if it is refused), its answer opened. */
  const withContacts =
    (
      subject: string,
      contactsOf: (m: CommandMessage) => ContactFields[],
      build: (m: CommandMessage, sealed: ContactInput[], ctx: { id: string; now: string }) => OrganisationCommand,
      options = {},
    ) =>
    async (m: CommandMessage) => {
      const sealed = await sealContacts(keys, contactsOf(m));
      let result: CommandResult<{ contacts?: Array<{ id: string }> }>;
      try {
        result = (await commandRoute(subject, organisations, (msg, ctx) => build(msg, sealed.inputs, ctx), options).handle(m)) as typeof result;
      } catch (e) {
        await sealed.discard();
        throw e;
      }
      // a repeated command answers as it did the first time, with the contacts (and keys) of then: these keys sealed nothing kept
      if (result.resource?.contacts) await sealed.discard(new Set(result.resource.contacts.map((c) => c.id)));
      return reveal(result, keys);
    };
  const opened = (route: Route): Route => ({ subject: route.subject, handle: async (m: unknown) => reveal(await route.handle(m), keys) });
  // export, export-trailer and verify answer the stored events as they are (ciphertext): the chain covers those bytes
  const keptSealed = new Set(['export', 'export-trailer', 'verify'].map((q) => `${contract.ORGANISATION_PREFIX}.${q}`));
  return [
    {
      subject: OrganisationCommands.register,
      handle: withContacts(
        OrganisationCommands.register,
        (m) => dataOf(contract.createOrganisation, m).contacts ?? [],
        (m, contacts, { id, now }) => {
          const data = dataOf(contract.createOrganisation, m);
          return { type: 'RegisterOrganisation', now, data: { ...data, id, sectors: data.sectors ?? [], contacts } };
        },
        { create: true, newId },
      ),
    },
    {
      subject: OrganisationCommands.addContact,
      handle: withContacts(
        OrganisationCommands.addContact,
        (m) => [dataOf(contract.addContact, m)],
        (_m, [contact], { now }) => ({ type: 'AddContact', now, data: contact }),
      ),
    },
    opened(
      commandRoute(OrganisationCommands.rename, organisations, (m, { now }): OrganisationCommand => ({
        type: 'RenameOrganisation',
        now,
        data: dataOf(contract.renameOrganisation, m),
      })),
    ),
    opened(
      commandRoute(OrganisationCommands.archive, organisations, (m, { now }): OrganisationCommand => {
        dataOf(contract.archiveOrganisation, m);
        return { type: 'ArchiveOrganisation', now, data: {} };
      }),
    ),
    { subject: contract.OrganisationStatusQuery, handle: (m: QueryMessage<unknown>) => statusesOf(organisations, m) },
    ...queryRoutes(contract.ORGANISATION_PREFIX, organisations, listQuery).map((r) => (keptSealed.has(r.subject) ? r : opened(r))),
    ...personalDataRoutes(runtime, organisations, keys),
  ];
}

/**
 * The status of each asked organisation the asker may see, from the read model: no contact is opened, since a
 * reference check needs none. An id nobody registered (or one hidden from the asker) is left out of the answer.
 */
async function statusesOf(organisations: OrganisationEndpoint, m: QueryMessage<unknown>): Promise<OrganisationStatusReply[]> {
  const { ids } = parseOrThrow(contract.organisationStatuses, m?.params, 'params');
  const viewer = viewerOf(m);
  const found = await Promise.all(
    [...new Set(ids)].map(async (id) => {
      try {
        const { status } = await organisations.get(id, viewer);
        return { id, status };
      } catch (e) {
        if (isCodedError(e) && e.kind === 'not-found') return null;
        throw e;
      }
    }),
  );
  return found.filter((f): f is OrganisationStatusReply => f !== null);
}

/** `q` finds a name, Thai or English, by any part of it: Thai has no spaces between words, so a substring. */
export function listQuery(params: Record<string, unknown>) {
  const filter: Record<string, unknown> = {};
  if (typeof params.kind === 'string') filter.kind = params.kind;
  if (typeof params.country === 'string') filter.country = params.country.toUpperCase();
  if (typeof params.status === 'string') filter.status = params.status;
  if (typeof params.sector === 'string') filter.sectors = params.sector;
  if (typeof params.q === 'string' && params.q.trim()) {
    const pattern = escapeRegex(params.q.trim().normalize('NFC'));
    filter.$or = [{ name: { $regex: pattern, $options: 'i' } }, { nameEn: { $regex: pattern, $options: 'i' } }];
  }
  return { filter, sort: { name: 1 as const } };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
