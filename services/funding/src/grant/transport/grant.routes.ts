import { parseOrThrow, setConfidentiality, validateSubject } from '@pmt/contracts-common';
import * as contract from '@pmt/contracts-funding';
import { CodedError, newId, officeDate, viewerOf } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import {
  assertMayKeepConfidential,
  confidentialityAuthor,
  checkedData,
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
import { grantIdOf, grantTermRuleErrors, type GrantCommand, type GrantEvent, type GrantState, type GrantView } from '../index';
import { fourEyesThresholdFromEnv } from './four-eyes-config';
import { assertProposalFundable } from './proposal-check';

export const PREFIX = contract.GRANT_PREFIX;

/** The NATS subjects of the grant commands: the funding contract's. */
export const GrantSubjects = contract.GrantCommands;

/** Every grant command carries the instant and the office's date it was issued on. */
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
 * The commands whose data is checked beyond its shape before the decider, all in one 400: the grant's rules across
 * fields, and every organisation it names registered and not archived. `<prefix>.validate` answers the same errors
 * without writing.
 */
export const grantChecks = {
  open: { schema: contract.openGrant, rules: grantTermRuleErrors, organisations: (d: unknown) => [...refsOf(d, 'funderId'), ...refsOf(d, 'partnerIds')] },
  commitCoInvestment: { schema: contract.commitCoInvestment, organisations: (d: unknown) => refsOf(d, 'organisationId') },
} satisfies Partial<Record<keyof typeof contract.GrantCommands, DataCheck>>;

export function grantRoutes(runtime: ServiceRuntime): Route[] {
  const grants = runtime.endpoint<GrantCommand, GrantEvent, GrantState, GrantView>('grant');
  const requester = () => runtime.requester();
  const fourEyesThreshold = fourEyesThresholdFromEnv();
  const route = (subject: string, build: (m: CommandMessage, now: string) => GrantCommand) => commandRoute(subject, grants, (m, { now }) => build(m, now));
  return [
    {
      // Not commandRoute's create: a grant for a proposal takes the proposal's grant id, so opening it twice
      // (directly, or once more by the approval) is refused instead of making a second grant.
      subject: GrantSubjects.open,
      handle: async (message: CommandMessage) => {
        if (!message || typeof message.commandId !== 'string' || typeof message.actor !== 'string') {
          throw new CodedError('COMMAND.MALFORMED', 'invalid', 'a command needs commandId, actor, correlationId and data');
        }
        // the contract's uuid() gives the proposal id in lower case: one proposal, one spelling
        const checked = await checkedData(grantChecks.open, message, requester);
        const proposalId = checked.proposalId ?? null;
        // a grant for a confidential proposal is as confidential, led by the proposal's team (as one opened on approval)
        const inherited =
          proposalId !== null
            ? await assertProposalFundable(runtime.requester(), proposalId, { actor: message.actor, correlationId: message.correlationId }, viewerOf(message))
            : {};
        const data = { ...checked, ...inherited };
        assertMayKeepConfidential('GRANT.INVALID_TERMS', message, data);
        const id = proposalId !== null ? grantIdOf(proposalId) : newId();
        return grants.execute(id, message, (now) => ({ type: 'OpenGrant', ...stamp(now), data: { ...data, id } }));
      },
    },
    // Tranches from the API have no ids yet; the service gives each one, as it does every id.
    route(GrantSubjects.scheduleTranches, (m, now) => ({
      type: 'ScheduleTranches',
      ...stamp(now),
      data: { tranches: dataOf(contract.scheduleTranches, m).tranches.map((t) => ({ ...t, id: newId() })) },
    })),
    route(GrantSubjects.disburse, (m, now) => ({
      type: 'DisburseFunds',
      ...stamp(now),
      data: { ...dataOf(contract.disburse, m), disbursementId: newId(), requestedBy: m.actor, fourEyesThreshold },
    })),
    // the disbursement id travels in the data beside the (ignored) body; the actor is who confirms
    route(GrantSubjects.confirmDisbursement, (m, now) => {
      const { disbursementId, ...body } = (m.data ?? {}) as { disbursementId?: unknown };
      parseOrThrow(contract.confirmDisbursement, body, 'command data');
      if (typeof disbursementId !== 'string') throw new CodedError('GRANT.DISBURSEMENT_NOT_FOUND', 'not-found', 'no disbursement named');
      return { type: 'ConfirmDisbursement', ...stamp(now), data: { disbursementId, confirmedBy: m.actor } };
    }),
    route(GrantSubjects.recordExpenditure, (m, now) => ({
      type: 'RecordExpenditure',
      ...stamp(now),
      data: { ...dataOf(contract.recordExpenditure, m), expenditureId: newId() },
    })),
    checkedRoute(
      grantChecks.commitCoInvestment,
      route(GrantSubjects.commitCoInvestment, (m, now) => {
        const data = dataOf(contract.commitCoInvestment, m);
        return { type: 'CommitCoInvestment', ...stamp(now), data: { ...data, coInvestmentId: newId(), committedOn: data.committedOn ?? officeDate(now) } };
      }),
      requester,
    ),
    route(GrantSubjects.closeOut, (m, now) => ({
      type: 'CloseOutGrant',
      ...stamp(now),
      // the reason is the command's (metadata) and also the close-out's own record; either place will do
      data: { reason: parseOrThrow(contract.closeOut, m.data, 'command data').reason ?? m.reason ?? null },
    })),
    // who asks decides whether staff may make it confidential: only a grant their own team leads
    route(GrantSubjects.setConfidentiality, (m, now) => {
      return {
        type: 'SetConfidentiality',
        ...stamp(now),
        data: { confidential: dataOf(setConfidentiality, m).confidential },
        by: confidentialityAuthor(m),
      };
    }),
    validateRoute(validateSubject(PREFIX), grantChecks, requester),
    ...queryRoutes(PREFIX, grants, listQuery),
  ];
}

export function listQuery(params: Record<string, unknown>) {
  const filter: Record<string, unknown> = {};
  if (typeof params.status === 'string') filter.status = params.status;
  if (typeof params.funderId === 'string') filter.funderId = params.funderId;
  if (typeof params.proposalId === 'string') filter.proposalId = params.proposalId.toLowerCase();
  if (typeof params.partnerId === 'string') filter.partnerIds = params.partnerId;
  if (typeof params.leadTeam === 'string') filter.leadTeam = params.leadTeam;
  // newest first by when it was opened: ids of grants for proposals are v5 (from the proposal id), not time-ordered
  return { filter, sort: { createdAt: -1 as const, id: -1 as const } };
}
