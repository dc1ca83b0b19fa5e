import { parseOrThrow, setConfidentiality, validationError } from '@pmt/contracts-common';
import * as contract from '@pmt/contracts-mous';
import { newId, officeDate } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import {
  assertMayKeepConfidential,
  confidentialityAuthor,
  commandRoute,
  organisationErrors,
  queryRoutes,
  refsOf,
  type Route,
  type ServiceRuntime,
} from '@pmt/service-kit';
import type { z } from 'zod';
import type { KpiInput, MouCommand, MouEvent, MouState, MouView } from '../index';

const { MouCommands } = contract;

/** Every MOU command carries the instant and the office's date it was issued on. */
const stamp = (now: string) => ({ now, today: officeDate(now) });

/** KPIs from the API have no ids yet; the service gives each one, as it does every id. */
const withKpiIds = (kpis: (Omit<KpiInput, 'id'> & { id?: string })[]): KpiInput[] => kpis.map((k) => ({ ...k, id: k.id ?? newId() }));

/**
 * The message's data parsed with the contract's schema before anything reaches the decider: a bad field is a 400
 * naming it, whoever sent the message. `reason` travels beside the data (the events' metadata), so it is dropped.
 */
function dataOf<S extends z.ZodType>(schema: S, m: CommandMessage): Omit<z.output<S>, 'reason'> {
  const { reason: _reason, ...data } = parseOrThrow(schema, m.data, 'command data') as z.output<S> & { reason?: string };
  return data;
}

export function mouRoutes(runtime: ServiceRuntime): Route[] {
  const mous = runtime.endpoint<MouCommand, MouEvent, MouState, MouView>('mou');
  const route = (subject: string, build: (m: CommandMessage, now: string) => MouCommand) => commandRoute(subject, mous, (m, { now }) => build(m, now));
  const create = commandRoute(
    MouCommands.create,
    mous,
    (m, { id, now }): MouCommand => {
      const data = dataOf(contract.createMou, m);
      return { type: 'CreateMou', ...stamp(now), data: { ...data, id, kpis: withKpiIds(data.kpis ?? []) } };
    },
    { create: true, newId },
  );
  return [
    {
      // Every party must be a registered organisation that is not archived: asked of partners before deciding.
      subject: MouCommands.create,
      handle: async (m: CommandMessage) => {
        const data = dataOf(contract.createMou, m);
        assertMayKeepConfidential('MOU.INVALID_TERMS', m, data);
        const errors = await organisationErrors(runtime.requester(), refsOf(data, 'parties', 'organisationId'), {
          actor: m.actor,
          correlationId: m.correlationId,
        });
        if (errors.length > 0) throw validationError(errors, 'request body');
        return create.handle(m);
      },
    },
    route(MouCommands.reviseTerms, (m, now) => {
      const { kpis, ...terms } = dataOf(contract.reviseTerms, m);
      return { type: 'ReviseTerms', ...stamp(now), data: kpis === undefined ? terms : { ...terms, kpis: withKpiIds(kpis) } };
    }),
    route(MouCommands.requestSignatures, (m, now) => ({ type: 'RequestSignatures', ...stamp(now), data: noData(contract.requestSignatures, m) })),
    route(MouCommands.sign, (m, now) => {
      const data = dataOf(contract.sign, m);
      return { type: 'SignMou', ...stamp(now), data: { organisationId: data.organisationId, signedAt: data.signedAt ?? now } };
    }),
    route(MouCommands.activate, (m, now) => ({ type: 'ActivateMou', ...stamp(now), data: noData(contract.activate, m) })),
    route(MouCommands.amend, (m, now) => ({ type: 'AmendMou', ...stamp(now), data: dataOf(contract.amend, m) }) as MouCommand),
    route(MouCommands.reportKpiProgress, (m, now) => ({ type: 'ReportKpiProgress', ...stamp(now), data: dataOf(contract.reportKpiProgress, m) })),
    route(MouCommands.renew, (m, now) => ({ type: 'RenewMou', ...stamp(now), data: dataOf(contract.renew, m) })),
    route(MouCommands.expire, (m, now) => ({ type: 'ExpireMou', ...stamp(now), data: noData(contract.expire, m) })),
    // termination records why the MOU ended: its reason is the command's own, not only metadata
    route(MouCommands.terminate, (m, now) => ({ type: 'TerminateMou', ...stamp(now), data: parseOrThrow(contract.terminate, m.data, 'command data') })),
    route(MouCommands.setConfidentiality, (m, now) => {
      return { type: 'SetConfidentiality', ...stamp(now), data: { confidential: dataOf(setConfidentiality, m).confidential, by: confidentialityAuthor(m) } };
    }),
    ...queryRoutes(contract.MOU_PREFIX, mous, listQuery),
  ];
}

/** A command with nothing to say but (optionally) why: its data is still checked, so a stray field is a 400. */
function noData(schema: z.ZodType, m: CommandMessage): Record<string, never> {
  dataOf(schema, m);
  return {};
}

export function listQuery(params: Record<string, unknown>) {
  const filter: Record<string, unknown> = {};
  if (typeof params.status === 'string') filter.status = params.status;
  if (typeof params.collaborationLevel === 'string') filter.collaborationLevel = params.collaborationLevel;
  if (typeof params.organisationId === 'string') filter['parties.organisationId'] = params.organisationId;
  if (typeof params.leadTeam === 'string') filter.leadTeam = params.leadTeam;
  // MOUs whose term ends before the date and that have not ended otherwise: the ones to renew or let go
  if (typeof params.expiringBefore === 'string') {
    filter.endsOn = { $lt: params.expiringBefore };
    if (filter.status === undefined) filter.status = { $in: ['draft', 'awaiting-signatures', 'signed', 'active'] };
  }
  return { filter, sort: { id: -1 as const } };
}
