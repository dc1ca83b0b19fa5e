import { describe, expect, it } from '@jest/globals';
import { conflict, invalid, type StoredEvent } from '@pmt/kernel';
import type { MessagingLogger } from '@pmt/messaging';
import type { AggregateEndpoint } from '@pmt/service-kit';
import type { GrantCommand, GrantEvent, GrantState, GrantView } from '../index';
import { ApprovalsHandler } from './approvals-consumer';

type Grants = AggregateEndpoint<GrantCommand, GrantEvent, GrantState, GrantView>;

const approval = (data: Record<string, unknown>): StoredEvent => ({
  id: 'event-1',
  type: 'ProposalApproved',
  schemaVersion: 1,
  data,
  actor: 'director@step.example',
  correlationId: 'corr-1',
  causationId: 'cmd-1',
  occurredAt: '2025-03-14T03:00:00.000Z',
  streamId: 'proposal-p1',
  streamVersion: 3,
  globalPosition: 7,
  recordedAt: '2025-03-14T03:00:00.000Z',
  hash: '0'.repeat(64),
});

const good = {
  proposalId: 'p1',
  title: 't',
  leadTeam: 'IASA',
  funderId: 'f',
  partnerIds: [],
  awardedAmount: { amount: 100, currency: 'THB' },
  at: '2025-03-14T03:00:00.000Z',
};

/** What the handler tells the durable consumer: resolve (ack) or throw (nak, redelivered later). */
function handlerWith(execute: (...args: unknown[]) => Promise<unknown>) {
  const logged: string[] = [];
  const log: MessagingLogger = { log: (m) => void logged.push(m), warn: (m) => void logged.push(m), error: (m) => void logged.push(m) };
  return { handler: new ApprovalsHandler({ execute } as unknown as Grants, log), logged };
}

describe('ApprovalsHandler', () => {
  it('acks a grant that exists already: the approval was handled before', async () => {
    const { handler } = handlerWith(() => Promise.reject(conflict('GRANT.ALREADY_EXISTS', 'a grant for proposal p1 already exists')));
    await expect(handler.handle(approval(good))).resolves.toBe('exists');
  });

  it('acks and logs an approval that can never open a grant, so it does not come back forever', async () => {
    const { handler, logged } = handlerWith(() => Promise.reject(invalid('GRANT.INVALID_TERMS', 'awardedAmount.amount must be more than zero')));
    await expect(handler.handle(approval(good))).resolves.toBe('dropped');
    await expect(handlerWith(() => Promise.resolve()).handler.handle(approval({ title: 'no proposal id' }))).resolves.toBe('dropped');
    expect(logged.join('\n')).toContain('cannot open a grant');
  });

  it('throws anything else, so that the approval is delivered again later', async () => {
    const { handler } = handlerWith(() => Promise.reject(new Error('SQLITE_IOERR: disk I/O error')));
    await expect(handler.handle(approval(good))).rejects.toThrow('disk I/O error');
    const busy = handlerWith(() => Promise.reject(conflict('CONCURRENCY.BUSY', 'the grant kept changing'))).handler;
    await expect(busy.handle(approval(good))).rejects.toMatchObject({ code: 'CONCURRENCY.BUSY' });
  });

  it('opens the grant of the approval’s proposal, as the funding system, caused by the approval', async () => {
    const calls: unknown[][] = [];
    const { handler } = handlerWith((...args: unknown[]) => {
      calls.push(args);
      return Promise.resolve({ position: 12 });
    });
    await expect(handler.handle(approval(good))).resolves.toBe('opened');
    expect(calls[0][1]).toMatchObject({
      actor: 'system:funding',
      correlationId: 'corr-1',
      causationId: 'event-1',
      reason: 'proposal p1 approved by director@step.example',
    });
  });
});

describe('ApprovalsHandler, for an approval entered after the fact', () => {
  const opened = async (event: StoredEvent) => {
    const calls: unknown[][] = [];
    await new ApprovalsHandler({ execute: (...args: unknown[]) => (calls.push(args), Promise.resolve({ position: 1 })) } as unknown as Grants).handle(event);
    return calls[0][1] as { occurredAt?: string };
  };

  it('opens the grant as of the approval, when the approval was backdated', async () => {
    const backdated = {
      ...approval({ ...good, at: '2010-06-01T03:00:00.000Z' }),
      occurredAt: '2010-06-01T03:00:00.000Z',
      recordedAt: '2026-12-04T07:00:00.000Z',
    };
    expect((await opened(backdated)).occurredAt).toBe('2010-06-01T03:00:00.000Z');
  });

  it('opens it now, for an approval recorded as it happened', async () => {
    expect((await opened(approval(good))).occurredAt).toBeUndefined();
  });
});
