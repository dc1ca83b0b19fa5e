import { newId } from '@pmt/kernel';
import { commandRoute, queryRoutes, type Route, type ServiceRuntime } from '@pmt/service-kit';
import type { ContactInput, OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView } from '../index';

const PREFIX = 'partners.organisation';

type Data = Record<string, unknown>;
type ContactBody = Omit<ContactInput, 'id'>;

export function organisationRoutes(runtime: ServiceRuntime): Route[] {
  const organisations = runtime.endpoint<OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView>('organisation');
  return [
    commandRoute(
      `${PREFIX}.register`,
      organisations,
      (m, { id, now }) => {
        const data = m.data as Data & { contacts?: ContactBody[] };
        return {
          type: 'RegisterOrganisation',
          now,
          data: { ...(data as object), id, sectors: (data.sectors as string[]) ?? [], contacts: (data.contacts ?? []).map((c) => ({ ...c, id: newId() })) },
        } as OrganisationCommand;
      },
      { create: true, newId },
    ),
    commandRoute(`${PREFIX}.add-contact`, organisations, (m, { now }): OrganisationCommand => ({ type: 'AddContact', now, data: { ...(m.data as ContactBody), id: newId() } })),
    commandRoute(`${PREFIX}.rename`, organisations, (m, { now }): OrganisationCommand => ({ type: 'RenameOrganisation', now, data: m.data as { name: string; nameEn?: string | null } })),
    commandRoute(`${PREFIX}.archive`, organisations, (_m, { now }): OrganisationCommand => ({ type: 'ArchiveOrganisation', now, data: {} })),
    ...queryRoutes(PREFIX, organisations, listQuery),
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
