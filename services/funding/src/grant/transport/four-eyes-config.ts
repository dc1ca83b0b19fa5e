import { z } from 'zod';

/**
 * FOUR_EYES_THRESHOLD (integer minor units; unset or empty = off): a disbursement above it waits for a second staff
 * member. Read by the funding service, not the gateway, so every caller on NATS meets the same rule.
 */
const threshold = z.coerce.number().int().nonnegative().safe();

export function fourEyesThresholdFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.FOUR_EYES_THRESHOLD?.trim();
  if (!raw) return null;
  const parsed = threshold.safeParse(raw);
  // a typo must not silently switch the control off
  if (!parsed.success) throw new Error(`FOUR_EYES_THRESHOLD must be a non-negative integer of minor units, got "${raw}"`);
  return parsed.data;
}
