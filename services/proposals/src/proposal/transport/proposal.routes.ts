import { parseOrThrow, setConfidentiality, validateSubject } from '@pmt/contracts-common';
import * as contract from '@pmt/contracts-proposals';
import { newId, officeDate, viewerOf } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import {
  assertMayKeepConfidential,
  confidentialityAuthor,
  checkedRoute,
  commandRoute,
  queryRoutes,
  refsOf,
  validateRoute,
  type DataCheck,
  type Route,
  type ServiceRuntime,
} from '@pmt/service-kit';
import type { z } from 'zod';
import { outcomeErrors, partnerRuleErrors, type ProposalCommand, type ProposalEvent, type ProposalState, type ProposalView } from '../index';

const { ProposalCommands } = contract;

/** Every proposal command carries the instant and the office's date it was issued on (deadlines are office dates). */
const stamp = (now: string) => ({ now, today: officeDate(now) });

/**
 * The message's data parsed with the contract's schema before anything reaches the decider: a bad field is a 400
 * naming it, whoever sent the message. `reason` travels beside the data (the events' metadata), so it is dropped.
 */
function dataOf<S extends z.ZodType>(schema: S, m: CommandMessage): Omit<z.output<S>, 'reason'> {
  const { reason: _reason, ...data } = parseOrThrow(schema, m.data, 'command data') as z.output<S> & { reason?: string };
  return data;
}

/**
 * The commands whose data is checked beyond its shape before the decider, all in one 400: the partners against the
 * funder, each outcome's needs, and every funder and partner a registered organisation that is not archived
 * (`funderId`, `partnerIds[2]`). `<prefix>.validate` answers the same errors without writing.
 */
const organisationRefs = (data: unknown) => [...refsOf(data, 'funderId'), ...refsOf(data, 'partnerIds')];
export const proposalChecks = {
  create: { schema: contract.createProposal, rules: partnerRuleErrors, organisations: organisationRefs },
  reviseDraft: { schema: contract.reviseDraft, rules: partnerRuleErrors, organisations: organisationRefs },
  decide: { schema: contract.decision, rules: outcomeErrors },
} satisfies Partial<Record<keyof typeof ProposalCommands, DataCheck>>;

export function proposalRoutes(runtime: ServiceRuntime): Route[] {
  const proposals = runtime.endpoint<ProposalCommand, ProposalEvent, ProposalState, ProposalView>('proposal');
  const route = (subject: string, build: (m: CommandMessage, now: string) => ProposalCommand) =>
    commandRoute(subject, proposals, (m, { now }) => build(m, now));
  const requester = () => runtime.requester();
  const checked = (check: DataCheck, inner: Route) => checkedRoute(check, inner, requester);
  return [
    checked(
      proposalChecks.create,
      commandRoute(
        ProposalCommands.create,
        proposals,
        (m, { id, now }): ProposalCommand => {
          const data = dataOf(contract.createProposal, m);
          assertMayKeepConfidential('PROPOSAL.INVALID_TERMS', m, data);
          return { type: 'DraftProposal', ...stamp(now), data: { ...data, id } };
        },
        { create: true, newId },
      ),
    ),
    checked(
      proposalChecks.reviseDraft,
      route(ProposalCommands.reviseDraft, (m, now) => ({ type: 'ReviseDraft', ...stamp(now), data: dataOf(contract.reviseDraft, m) })),
    ),
    // The note keeps who wrote it, so the list reads without the history beside it.
    route(ProposalCommands.noteReview, (m, now) => ({ type: 'NoteReview', ...stamp(now), data: { note: dataOf(contract.reviewNote, m).note, by: m.actor } })),
    // Whether a late submission is excused is the decider's call alone: it gets the caller's roles.
    route(ProposalCommands.submit, (m, now) => ({
      type: 'SubmitProposal',
      ...stamp(now),
      byAdmin: (viewerOf(m)?.roles ?? []).includes('admin'),
      data: { lateReason: dataOf(contract.submission, m).lateReason ?? null },
    })),
    checked(
      proposalChecks.decide,
      route(ProposalCommands.decide, (m, now) => ({ type: 'DecideProposal', ...stamp(now), data: dataOf(contract.decision, m) })),
    ),
    route(ProposalCommands.resubmit, (m, now) => ({ type: 'ResubmitProposal', ...stamp(now), data: dataOf(contract.resubmission, m) })),
    // withdrawal records why: its reason is the command's own, not only metadata
    route(ProposalCommands.withdraw, (m, now) => ({
      type: 'WithdrawProposal',
      ...stamp(now),
      data: parseOrThrow(contract.withdrawal, m.data, 'command data'),
    })),
    // who asks decides whether staff may make it confidential: only a proposal their own team leads
    route(ProposalCommands.setConfidentiality, (m, now) => {
      return {
        type: 'SetConfidentiality',
        ...stamp(now),
        data: { confidential: dataOf(setConfidentiality, m).confidential },
        by: confidentialityAuthor(m),
      };
    }),
    validateRoute(validateSubject(contract.PROPOSAL_PREFIX), proposalChecks, requester),
    ...queryRoutes(contract.PROPOSAL_PREFIX, proposals, listQuery),
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
