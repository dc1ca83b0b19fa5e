import { newId, officeDate } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandRoute, queryRoutes, type Route, type ServiceRuntime } from '@pmt/service-kit';
import type { CreateMouData, KpiInput, MouCommand, MouEvent, MouState, MouView } from '../index';

const PREFIX = 'mous.mou';

type Body = Record<string, unknown>;

/** Every MOU command carries the instant and the office's date it was issued on. */
const stamp = (now: string) => ({ now, today: officeDate(now) });

/** KPIs from the API have no ids yet; the service gives each one, as it does every id. */
const withKpiIds = (kpis: unknown) => (Array.isArray(kpis) ? kpis.map((k: Omit<KpiInput, 'id'> & { id?: string }) => ({ ...k, id: k.id ?? newId() })) : kpis);

export function mouRoutes(runtime: ServiceRuntime): Route[] {
  const mous = runtime.endpoint<MouCommand, MouEvent, MouState, MouView>('mou');
  const route = (name: string, build: (m: CommandMessage<Body>, now: string) => MouCommand) =>
    commandRoute(`${PREFIX}.${name}`, mous, (m, { now }) => build(m as CommandMessage<Body>, now));
  return [
    commandRoute(
      `${PREFIX}.create`,
      mous,
      (m, { id, now }): MouCommand => ({ type: 'CreateMou', ...stamp(now), data: { ...(m.data as object), id, kpis: withKpiIds(m.data.kpis) ?? [] } as CreateMouData }),
      { create: true, newId },
    ),
    route('revise-terms', (m, now) => ({
      type: 'ReviseTerms',
      ...stamp(now),
      data: 'kpis' in m.data ? { ...m.data, kpis: withKpiIds(m.data.kpis) } : m.data,
    }) as MouCommand),
    route('request-signatures', (_m, now) => ({ type: 'RequestSignatures', ...stamp(now), data: {} })),
    route('sign', (m, now) => ({
      type: 'SignMou',
      ...stamp(now),
      data: { organisationId: m.data.organisationId as string, signedAt: (m.data.signedAt as string | undefined) ?? now },
    })),
    route('activate', (_m, now) => ({ type: 'ActivateMou', ...stamp(now), data: {} })),
    route('amend', (m, now) => ({ type: 'AmendMou', ...stamp(now), data: m.data }) as MouCommand),
    route('report-kpi-progress', (m, now) => ({ type: 'ReportKpiProgress', ...stamp(now), data: m.data }) as MouCommand),
    route('renew', (m, now) => ({ type: 'RenewMou', ...stamp(now), data: { termMonths: m.data.termMonths as number } })),
    route('expire', (_m, now) => ({ type: 'ExpireMou', ...stamp(now), data: {} })),
    route('terminate', (m, now) => ({ type: 'TerminateMou', ...stamp(now), data: m.data }) as MouCommand),
    ...queryRoutes(PREFIX, mous, listQuery),
  ];
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
