import { verifyChain, type StoredEvent } from '@pmt/kernel';
import type { SealEvidence, SealedVerification, StreamSeals } from './stream-seals';

/** What AggregateHistory.verify answers: the chain, and with seals, the seals too. */
export async function verifyHistory(streamId: string, events: readonly StoredEvent[], seals?: StreamSeals): Promise<SealedVerification> {
  if (seals) return seals.verify(streamId, events);
  const chain = verifyChain(events);
  return { ...chain, sealedVersion: null, sealedAt: null, cause: chain.valid ? null : 'chain' };
}

/** Without seals (a store opened without them) the trailer gets nothing to spread. */
export async function sealEvidenceOf(streamId: string, toVersion: number, seals?: StreamSeals): Promise<SealEvidence | Record<string, never>> {
  return seals ? seals.evidence(streamId, toVersion) : {};
}
