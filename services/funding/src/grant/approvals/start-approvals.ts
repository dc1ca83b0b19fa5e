import { connectNats } from '@pmt/messaging';
import type { ServiceRuntime } from '@pmt/service-kit';
import type { GrantCommand, GrantEvent, GrantState, GrantView } from '../index';
import { startApprovalsConsumer } from './approvals-consumer';

/** Background work of the funding service: opening grants from approvals. Returns its stop function. */
export async function startApprovals(runtime: ServiceRuntime): Promise<() => Promise<void>> {
  const nc = await connectNats(runtime.config.natsUrl, 'funding-approvals');
  const consumer = await startApprovalsConsumer({
    nc,
    grants: runtime.endpoint<GrantCommand, GrantEvent, GrantState, GrantView>('grant'),
    ackWaitMs: Number(process.env.APPROVALS_ACK_WAIT_MS ?? 30_000),
  });
  return async () => {
    await consumer.stop();
    await nc.drain().catch(() => undefined);
  };
}
