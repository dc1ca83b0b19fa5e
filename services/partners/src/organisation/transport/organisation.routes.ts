import { parseOrThrow } from '@pmt/contracts-common';
import * as contract from '@pmt/contracts-partners';
import { newId } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandRoute, queryRoutes, type Route, type ServiceRuntime } from '@pmt/service-kit';
import type { z } from 'zod';
import type { OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView } from '../index';

const { OrganisationCommands } = contract;

/**
 * The message's data parsed with the contract's schema before anything reaches the decider: a bad field is a 400
 * naming it, whoever sent the message. `reason` travels beside the data (the events' metadata), so it is dropped.
 */
function dataOf<S extends z.ZodType>(schema: S, m: CommandMessage): Omit<z.output<S>, 'reason'> {
  const { reason: _reason, ...data } = parseOrThrow(schema, m.data, 'command data') as z.output<S> & { reason?: string };
  return data;
}

export function organisationRoutes(runtime: ServiceRuntime): Route[] {
  const organisations = runtime.endpoint<OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView>('organisation');
  return [
    commandRoute(
      OrganisationCommands.register,
      organisations,
      (m, { id, now }): OrganisationCommand => {
        const data = dataOf(contract.createOrganisation, m);
        return {
          type: 'RegisterOrganisation',
          now,
          data: { ...data, id, sectors: data.sectors ?? [], contacts: (data.contacts ?? []).map((c) => ({ ...c, id: newId() })) },
        };
      },
      { create: true, newId },
    ),
    commandRoute(OrganisationCommands.addContact, organisations, (m, { now }): OrganisationCommand => ({
      type: 'AddContact',
      now,
      data: { ...dataOf(contract.addContact, m), id: newId() },
    })),
    commandRoute(OrganisationCommands.rename, organisations, (m, { now }): OrganisationCommand => ({
      type: 'RenameOrganisation',
      now,
      data: dataOf(contract.renameOrganisation, m),
    })),
    commandRoute(OrganisationCommands.archive, organisations, (m, { now }): OrganisationCommand => {
      dataOf(contract.archiveOrganisation, m);
      return { type: 'ArchiveOrganisation', now, data: {} };
    }),
    ...queryRoutes(contract.ORGANISATION_PREFIX, organisations, listQuery),
  ];
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
