import { CodedError, invalid, isUuid, newId, officeDate } from '@pmt/kernel';
import type { CommandMessage } from '@pmt/messaging';
import { commandRoute, queryRoutes, type Route, type ServiceRuntime } from '@pmt/service-kit';
import { grantIdOf, type GrantCommand, type GrantEvent, type GrantState, type GrantView, type OpenGrantData, type TrancheTerms } from '../index';
import { assertProposalFundable } from './proposal-check';

export const PREFIX = 'funding.grant';

/** The NATS subjects of the grant commands; the gateway sends the same strings. */
export const GrantSubjects = {
  open: `${PREFIX}.open`,
  scheduleTranches: `${PREFIX}.schedule-tranches`,
  disburse: `${PREFIX}.disburse`,
  recordExpenditure: `${PREFIX}.record-expenditure`,
  commitCoInvestment: `${PREFIX}.commit-co-investment`,
  closeOut: `${PREFIX}.close-out`,
} as const;

type Body = Record<string, unknown>;

/** Every grant command carries the instant and the office's date it was issued on. */
const stamp = (now: string) => ({ now, today: officeDate(now) });

/** Tranches from the API have no ids yet; the service gives each one, as it does every id. */
const withTrancheIds = (tranches: unknown) =>
  Array.isArray(tranches) ? tranches.map((t: Omit<TrancheTerms, 'id'>) => (typeof t === 'object' && t !== null ? { ...t, id: newId() } : t)) : tranches;

export function grantRoutes(runtime: ServiceRuntime): Route[] {
  const grants = runtime.endpoint<GrantCommand, GrantEvent, GrantState, GrantView>('grant');
  const route = (subject: string, build: (m: CommandMessage<Body>, now: string) => GrantCommand) =>
    commandRoute(subject, grants, (m, { now }) => build(m as CommandMessage<Body>, now));
  return [
    {
      // Not commandRoute's create: a grant for a proposal takes the proposal's grant id, so opening it twice
      // (directly, or once more by the approval) is refused instead of making a second grant.
      subject: GrantSubjects.open,
      handle: async (message: CommandMessage<Body>) => {
        if (!message || typeof message.commandId !== 'string' || typeof message.actor !== 'string' || typeof message.data !== 'object' || message.data === null) {
          throw new CodedError('COMMAND.MALFORMED', 'invalid', 'a command needs commandId, actor, correlationId and data');
        }
        const proposalId = canonicalProposalId(message.data.proposalId);
        if (proposalId !== null) {
          await assertProposalFundable(runtime.requester(), proposalId, { actor: message.actor, correlationId: message.correlationId });
        }
        const id = proposalId !== null ? grantIdOf(proposalId) : newId();
        const data = { ...message.data, ...(proposalId !== null && { proposalId }), id } as OpenGrantData;
        return grants.execute(id, message, (now) => ({ type: 'OpenGrant', ...stamp(now), data }));
      },
    },
    route(GrantSubjects.scheduleTranches, (m, now) => ({
      type: 'ScheduleTranches',
      ...stamp(now),
      data: { tranches: withTrancheIds(m.data.tranches) as TrancheTerms[] },
    })),
    route(GrantSubjects.disburse, (m, now) => ({ type: 'DisburseFunds', ...stamp(now), data: { ...m.data, disbursementId: newId() } }) as GrantCommand),
    route(GrantSubjects.recordExpenditure, (m, now) => ({ type: 'RecordExpenditure', ...stamp(now), data: { ...m.data, expenditureId: newId() } }) as GrantCommand),
    route(GrantSubjects.commitCoInvestment, (m, now) => ({
      type: 'CommitCoInvestment',
      ...stamp(now),
      data: { ...m.data, coInvestmentId: newId(), committedOn: (m.data.committedOn as string | undefined) ?? officeDate(now) },
    }) as GrantCommand),
    route(GrantSubjects.closeOut, (m, now) => ({
      type: 'CloseOutGrant',
      ...stamp(now),
      // the reason is the command's (metadata) and also the close-out's own record; either place will do
      data: { reason: (m.data.reason as string | undefined) ?? m.reason ?? null },
    })),
    ...queryRoutes(PREFIX, grants, listQuery),
  ];
}

/** The proposal id in lower case (one proposal, one spelling), null when absent; anything else but a UUID is a 400. */
function canonicalProposalId(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (!isUuid(value)) throw invalid('GRANT.INVALID', 'proposalId must be a UUID', [{ path: 'proposalId', message: 'must be a UUID' }]);
  return value.toLowerCase();
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
