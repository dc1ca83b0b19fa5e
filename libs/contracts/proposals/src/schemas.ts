import { z } from 'zod';
import { calendarDate, confidential, pagination, positiveMoney, reason, says, text, uuid } from '@pmt/contracts-common';
import { DECISION_OUTCOMES, PROPOSAL_STATUSES } from './events';

const partnerIds = z.array(uuid()).max(50, 'must name at most 50 partners');

/** Every field a proposal is drafted with: what `draft` may revise. */
const terms = {
  title: text(500),
  description: z.string().max(10_000, 'must be at most 10000 characters').nullable().optional(),
  leadTeam: text(200).describe('The team that writes and leads it, like IASA, NMCO or IMO'),
  funderId: uuid().describe('The organisation asked for the money'),
  partnerIds: partnerIds.optional().describe('The partner organisations (not the funder), each once; may be empty'),
  requestedAmount: positiveMoney(),
  submissionDeadline: calendarDate().describe('The funder’s deadline; after it only an admin may submit, with a lateReason'),
  programme: text(500).describe('The funder’s programme or call'),
  activityId: uuid().nullable().optional().describe('The activity the proposal came out of'),
};

export const createProposal = z.strictObject({ ...terms, confidential, reason });

const TERM_NAMES = Object.keys(terms);

/** A missing field is left as it is; `null` clears an optional one. Allowed while draft or revision-requested. */
export const reviseDraft = z
  .strictObject({
    title: terms.title.optional(),
    description: terms.description,
    leadTeam: terms.leadTeam.optional(),
    funderId: terms.funderId.optional(),
    partnerIds: partnerIds.optional(),
    requestedAmount: terms.requestedAmount.optional(),
    submissionDeadline: terms.submissionDeadline.optional(),
    programme: terms.programme.optional(),
    activityId: terms.activityId,
    reason,
  })
  .refine((v) => TERM_NAMES.some((k) => (v as Record<string, unknown>)[k] !== undefined), {
    message: `name at least one field to revise (${TERM_NAMES.join(', ')})`,
  });

export const reviewNote = z.strictObject({ note: text(5000).describe('An internal review note; funders never see it'), reason });

export const submission = z.strictObject({
  lateReason: text(2000).optional().describe('Admins only: why a submission after the deadline is accepted'),
  reason,
});

export const decision = z.strictObject({
  outcome: z.enum(DECISION_OUTCOMES, { error: says(`must be one of ${DECISION_OUTCOMES.join(', ')}`) }),
  awardedAmount: positiveMoney().optional().describe('With approved: in the currency requested, at most the amount requested'),
  reasons: z.array(text(2000)).max(50).optional().describe('The funder’s reasons; at least one with rejected or revision-requested'),
  reason,
});

export const resubmission = z.strictObject({
  requestedAmount: positiveMoney().optional().describe('A new amount, in the currency first requested; the current one when absent'),
  note: text(5000).optional(),
  reason,
});

/**
 * Withdrawal must say why. Its reason is part of the command (the proposal records why it was withdrawn) and, like
 * every command's reason, also the events' metadata: the forwarder sends it in both places.
 */
export const withdrawal = z.strictObject({ reason: text(2000) });

export const listProposals = z.strictObject({
  status: z.enum(PROPOSAL_STATUSES, { error: says(`must be one of ${PROPOSAL_STATUSES.join(', ')}`) }).optional(),
  funderId: uuid().optional(),
  partnerId: uuid().optional().describe('Proposals that name this organisation among their partners'),
  leadTeam: z.string().min(1).max(200).optional(),
  deadlineBefore: calendarDate().optional().describe('Proposals whose submission deadline is before this date'),
  ...pagination,
});
