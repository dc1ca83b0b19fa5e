import { newId, type PendingEvent } from '@pmt/kernel';

let counter = 0;

/** A pending event with every metadata field set; `overrides` wins. */
export function pendingEvent(type = 'TestHappened', data: unknown = { n: ++counter }, overrides: Partial<PendingEvent> = {}): PendingEvent {
  const id = overrides.id ?? newId();
  return {
    id,
    type,
    schemaVersion: 1,
    data,
    actor: 'user-contract',
    correlationId: newId(),
    causationId: newId(),
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A stream id nobody else uses, in the `<aggregate>-<id>` shape. */
export const uniqueStreamId = (aggregate = 'contract'): string => `${aggregate}-${newId()}`;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the condition holds; fails with `what` after the timeout. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
