import { parseOrThrow } from '@pmt/contracts-common';
import { eraseContactCommand, PersonalDataSubjects } from '@pmt/contracts-partners';
import { CodedError, isCodedError, notFound, type StoredEvent } from '@pmt/kernel';
import type { CommandMessage, QueryMessage } from '@pmt/messaging';
import { commandRoute, requireUuid, type AggregateEndpoint, type Route, type ServiceRuntime } from '@pmt/service-kit';
import {
  isSealed,
  streamIdOf,
  type OrganisationCommand,
  type OrganisationEvent,
  type OrganisationState,
  type OrganisationView,
  type StoredContact,
} from '../../organisation';
import type { PersonalDataKeys } from '../key-store';
import { openContact, reveal } from '../reveal';

type Organisations = AggregateEndpoint<OrganisationCommand, OrganisationEvent, OrganisationState, OrganisationView>;

/** Erasure and the data-subject export of one contact (docs/personal-data.md). */
export function personalDataRoutes(runtime: ServiceRuntime, organisations: Organisations, keys: PersonalDataKeys): Route[] {
  return [
    {
      subject: PersonalDataSubjects.eraseContact,
      handle: async (m: CommandMessage) => {
        const { contactId } = parseOrThrow(eraseContactCommand, m?.data, 'command data');
        const route = commandRoute(PersonalDataSubjects.eraseContact, organisations, (_m, { now }): OrganisationCommand => ({
          type: 'EraseContact',
          now,
          data: { contactId },
        }));
        let result: unknown;
        try {
          result = await route.handle(m);
        } catch (e) {
          // erased before, but the key may have outlived a crash between the event and its destruction: destroy it now
          if (isCodedError(e) && e.code === 'ORGANISATION.CONTACT_ALREADY_ERASED') await keys.destroySubject(contactId);
          throw e;
        }
        // the event is stored (the decider found the contact in this organisation): now the key goes
        await keys.destroySubject(contactId);
        return reveal(result, keys);
      },
    },
    {
      subject: PersonalDataSubjects.personalData,
      handle: async (m: QueryMessage<{ id?: unknown; contactId?: unknown }>) => {
        const id = requireUuid(m?.params?.id);
        const contactId = requireUuid(m?.params?.contactId);
        return personalDataOf(runtime, organisations, keys, id, contactId);
      },
    },
  ];
}

const touches = (e: StoredEvent, contactId: string): StoredContact | 'erased' | 'other' | null => {
  const d = e.data as Record<string, unknown>;
  if (e.type === 'OrganisationRegistered') return ((d.contacts as StoredContact[]) ?? []).find((c) => c.id === contactId) ?? null;
  if (e.type === 'ContactAdded') return (d.contact as StoredContact).id === contactId ? (d.contact as StoredContact) : null;
  if (e.type === 'ContactErased') return d.contactId === contactId ? 'erased' : null;
  return null;
};

/** One person's data back to them: their fields, the organisation, when recorded, and the events that touched it. */
async function personalDataOf(runtime: ServiceRuntime, organisations: Organisations, keys: PersonalDataKeys, id: string, contactId: string) {
  const organisation = await organisations.get(id);
  const events = await runtime.stores.events.readStream(streamIdOf(id));
  const touching = events.map((e) => ({ e, c: touches(e, contactId) })).filter((x) => x.c !== null);
  if (touching.length === 0) throw notFound('ORGANISATION.CONTACT_NOT_FOUND', `the organisation has no contact ${contactId}`);
  const erasure = touching.find((x) => x.c === 'erased');
  const stored = touching.find((x) => x.c !== 'erased')?.c as StoredContact;
  const fields = isSealed(stored) ? openContact(stored, await keys.key(stored.keyId)) : stored;
  if (erasure || 'erased' in fields) {
    const when = erasure ? ` at ${erasure.e.occurredAt}` : '';
    throw new CodedError('ORGANISATION.CONTACT_ERASED', 'not-found', `contact ${contactId} was erased${when}: none of their personal data is left to export`, {
      contactId,
      erasedAt: erasure?.e.occurredAt ?? null,
    });
  }
  const { name, email, phone, role } = fields;
  const o = organisation as unknown as { id: string; name: string; nameEn: string | null };
  return {
    contactId,
    personalData: { name, email, phone, role },
    organisation: { id: o.id, name: o.name, nameEn: o.nameEn },
    recordedAt: touching[0].e.recordedAt,
    events: touching.map(({ e }) => ({
      version: e.streamVersion,
      type: e.type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: e.actor,
      reason: e.reason ?? null,
    })),
  };
}
