import { Logger } from '@nestjs/common';
import { PROPOSAL_APPROVED_SUBJECT } from '@pmt/contracts-proposals';
import { derivedOccurredAt, isCodedError, officeDate, type StoredEvent } from '@pmt/kernel';
import { startDurableConsumer, type DurableConsumer, type MessagingLogger } from '@pmt/messaging';
import type { AggregateEndpoint } from '@pmt/service-kit';
import type { NatsConnection } from 'nats';
import { grantFromApproval, openGrantCommandIdOf, type GrantCommand, type GrantEvent, type GrantState, type GrantView } from '../index';

export const APPROVALS_STREAM = 'EVENTS_PROPOSALS';
export const APPROVALS_SUBJECT = PROPOSAL_APPROVED_SUBJECT;
export const APPROVALS_DURABLE = 'funding-grants-from-approvals';
/** The actor of grants opened by an approval; who approved is in the reason, the approval's id in causationId. */
export const APPROVALS_ACTOR = 'system:funding';

type Grants = AggregateEndpoint<GrantCommand, GrantEvent, GrantState, GrantView>;

/** 'opened': by this delivery or, for a redelivery, by the first one (the store answers a known command id as it did then). */
export type ApprovalOutcome = 'opened' | 'exists' | 'dropped';

/**
 * Opens one grant per approved proposal. Exactly once, however often JetStream delivers an approval:
 * - the command id is uuidv5(event id), so a redelivered (or re-published) approval is a command the store has
 *   seen, which appends nothing and answers as the first time;
 * - the grant id is uuidv5(proposalId), so even another approval event of the same proposal (or a grant opened
 *   directly for it) finds the grant there: GRANT.ALREADY_EXISTS, acked as done.
 * An approval that can never open a grant (no proposalId, no funder, a bad amount: a refusal of kind
 * 'invalid') is logged and acked, since redelivering it would fail the same way forever. Anything else
 * (the store busy or down) throws, and the durable consumer naks it with a delay (1 s doubling to 60 s, no
 * delivery limit) while the approvals after it go on.
 */
export class ApprovalsHandler {
  constructor(
    private readonly grants: Grants,
    private readonly log: MessagingLogger = new Logger('Approvals'),
  ) {}

  async handle(event: StoredEvent): Promise<ApprovalOutcome> {
    let grantId: string | undefined;
    try {
      const data = grantFromApproval(event.data, event.recordedAt ?? event.occurredAt);
      grantId = data.id;
      // an approval entered after the fact opens its grant as of the approval, so `asOf` sees them together
      const occurredAt = derivedOccurredAt(event);
      await this.grants.execute(
        data.id,
        {
          commandId: openGrantCommandIdOf(event.id),
          actor: APPROVALS_ACTOR,
          correlationId: event.correlationId,
          causationId: event.id,
          ...(occurredAt !== undefined && { occurredAt }),
          reason: `proposal ${data.proposalId} approved by ${event.actor}`,
          data: { ...data },
        },
        (now) => ({ type: 'OpenGrant', now, today: officeDate(now), data }),
      );
      return 'opened';
    } catch (error) {
      if (isCodedError(error) && error.code === 'GRANT.ALREADY_EXISTS') {
        this.log.log(`approval ${event.id}: grant ${grantId} exists already; nothing to do`);
        return 'exists';
      }
      if (isCodedError(error) && error.kind === 'invalid') {
        this.log.error(`approval ${event.id} on ${event.streamId} cannot open a grant, dropped: ${error.message}`);
        return 'dropped';
      }
      throw error;
    }
  }
}

export interface ApprovalsConsumerOptions {
  nc: NatsConnection;
  grants: Grants;
  /** Redelivery of an approval whose handler died with the process; default 30 s. */
  ackWaitMs?: number;
  logger?: MessagingLogger;
}

/** A durable pull consumer from the first approval on: a new or restarted funding catches up on what it missed. */
export function startApprovalsConsumer(options: ApprovalsConsumerOptions): Promise<DurableConsumer> {
  const handler = new ApprovalsHandler(options.grants, options.logger);
  return startDurableConsumer({
    nc: options.nc,
    stream: APPROVALS_STREAM,
    durable: APPROVALS_DURABLE,
    filterSubjects: APPROVALS_SUBJECT,
    deliverPolicy: 'all',
    ackWaitMs: options.ackWaitMs,
    logger: options.logger,
    handler: async (event) => {
      await handler.handle(event);
    },
  });
}
