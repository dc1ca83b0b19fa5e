import { newId, officeDate } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandRoute, queryRoutes, type Route, type ServiceRuntime } from '@pmt/service-kit';
import type { DraftProposalData, ProposalCommand, ProposalEvent, ProposalState, ProposalView } from '../index';

const PREFIX = 'proposals.proposal';

type Body = Record<string, unknown>;

/** Every proposal command carries the instant and the office's date it was issued on (deadlines are office dates). */
const stamp = (now: string) => ({ now, today: officeDate(now) });

export function proposalRoutes(runtime: ServiceRuntime): Route[] {
  const proposals = runtime.endpoint<ProposalCommand, ProposalEvent, ProposalState, ProposalView>('proposal');
  const route = (name: string, build: (m: CommandMessage<Body>, now: string) => ProposalCommand) =>
    commandRoute(`${PREFIX}.${name}`, proposals, (m, { now }) => build(m as CommandMessage<Body>, now));
  return [
    commandRoute(
      `${PREFIX}.create`,
      proposals,
      (m, { id, now }): ProposalCommand => ({ type: 'DraftProposal', ...stamp(now), data: { ...(m.data as object), id } as DraftProposalData }),
      { create: true, newId },
    ),
    route('revise-draft', (m, now) => ({ type: 'ReviseDraft', ...stamp(now), data: m.data }) as ProposalCommand),
    // The note keeps who wrote it, so the list reads without the history beside it.
    route('note-review', (m, now) => ({ type: 'NoteReview', ...stamp(now), data: { note: m.data.note as string, by: m.actor } })),
    route('submit', (m, now) => ({
      type: 'SubmitProposal',
      ...stamp(now),
      byAdmin: Array.isArray(m.roles) && m.roles.includes('admin'),
      data: { lateReason: (m.data.lateReason as string | undefined) ?? null },
    })),
    route('decide', (m, now) => ({ type: 'DecideProposal', ...stamp(now), data: m.data }) as ProposalCommand),
    route('resubmit', (m, now) => ({ type: 'ResubmitProposal', ...stamp(now), data: m.data }) as ProposalCommand),
    route('withdraw', (m, now) => ({ type: 'WithdrawProposal', ...stamp(now), data: { reason: m.data.reason as string } })),
    ...queryRoutes(PREFIX, proposals, listQuery),
  ];
}

export function listQuery(params: Record<string, unknown>) {
  const filter: Record<string, unknown> = {};
  if (typeof params.status === 'string') filter.status = params.status;
  if (typeof params.funderId === 'string') filter.funderId = params.funderId;
  // an array field matches when any element equals the value
  if (typeof params.partnerId === 'string') filter.partnerIds = params.partnerId;
  if (typeof params.leadTeam === 'string') filter.leadTeam = params.leadTeam;
  if (typeof params.deadlineBefore === 'string') filter.submissionDeadline = { $lt: params.deadlineBefore };
  return { filter, sort: { id: -1 as const } };
}
