import { z } from 'zod';
import { calendarDate, confidential, instant, pagination, reason, says, text, uuid } from '@pmt/contracts-common';

import { COLLABORATION_LEVELS, MOU_STATUSES } from './events';

const collaborationLevel = z.enum(COLLABORATION_LEVELS, { error: says(`must be one of ${COLLABORATION_LEVELS.join(', ')}`) });
const termMonths = z
  .int({ error: says('must be a whole number of months') })
  .min(1, 'must be at least 1')
  .max(1200, 'must be at most 1200');
const kpiId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1 to 64 letters, digits, dots, dashes or underscores');

export const party = z.strictObject({
  organisationId: uuid(),
  signatoryName: text(200),
  signatoryTitle: text(200),
});

export const kpi = z.strictObject({
  id: kpiId.optional().describe('Referenced as kpiId when reporting progress; the service assigns one when absent'),
  name: text(300),
  target: z
    .number({ error: says('must be a number') })
    .min(0, 'must be zero or more')
    .describe('The number to reach'),
  unit: text(50).nullable().optional(),
  owner: text(200).nullable().optional(),
  dueOn: calendarDate().nullable().optional(),
});

/** Every term an MOU has besides its parties: what `terms` may revise. */
const terms = {
  title: text(500),
  description: z.string().max(10_000, 'must be at most 10000 characters').nullable().optional(),
  cooperationAreas: z.array(text(200)).min(1, 'name at least one cooperation area').max(50),
  collaborationLevel,
  effectiveFrom: calendarDate(),
  termMonths,
  kpis: z.array(kpi).max(100).optional(),
  leadTeam: text(200).nullable().optional(),
};

/** Checks that read the whole list; they run even when an item is malformed so one 400 names every bad field. */
const distinctParties = z
  .array(party)
  .min(2, 'an MOU needs two or more parties')
  .max(50)
  .superRefine(
    (parties, ctx) => {
      if (!Array.isArray(parties)) return;
      const seen = new Map<string, number>();
      parties.forEach((p: unknown, i) => {
        const id = (p as { organisationId?: unknown } | null)?.organisationId;
        if (typeof id !== 'string') return;
        const first = seen.get(id);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'organisationId'], message: `is already a party (parties[${first}])` });
        else seen.set(id, i);
      });
    },
    { when: () => true },
  );

/** `mous.mou.create`: the HTTP body and the message's data (the gateway moves `reason` beside the data). */
export const createMou = z.strictObject({ ...terms, parties: distinctParties, confidential, reason });

const TERM_NAMES = Object.keys(terms);

/** A missing term is left as it is; `null` clears an optional one. */
export const reviseTerms = z
  .strictObject({
    title: terms.title.optional(),
    description: terms.description,
    cooperationAreas: terms.cooperationAreas.optional(),
    collaborationLevel: collaborationLevel.optional(),
    effectiveFrom: terms.effectiveFrom.optional(),
    termMonths: termMonths.optional(),
    kpis: terms.kpis,
    leadTeam: terms.leadTeam,
    reason,
  })
  .refine((v) => TERM_NAMES.some((k) => (v as Record<string, unknown>)[k] !== undefined), {
    message: `name at least one term to revise (${TERM_NAMES.join(', ')})`,
  });

export const requestSignatures = z.strictObject({ reason });

export const sign = z.strictObject({
  organisationId: uuid().describe('The party that signs'),
  signedAt: instant().optional().describe('Defaults to now'),
  reason,
});

const CHANGES_MESSAGE = 'must be text or an object naming what changed';

export const amend = z.strictObject({
  summary: text(2000),
  changes: z
    .union(
      [
        z.string().max(10_000, 'must be at most 10000 characters').regex(/\S/, CHANGES_MESSAGE),
        z.record(z.string(), z.unknown()).refine((o) => Object.keys(o).length > 0, CHANGES_MESSAGE),
      ],
      { error: says(CHANGES_MESSAGE) },
    )
    .describe('Free text, or an object of the changed clauses; recorded as given'),
  effectiveOn: calendarDate(),
  reason,
});

export const reportKpiProgress = z.strictObject({
  kpiId,
  value: z.number({ error: says('must be a number') }),
  reportedOn: calendarDate(),
  note: z.string().max(2000, 'must be at most 2000 characters').nullable().optional(),
  reason,
});

export const renew = z.strictObject({ termMonths, reason });

/**
 * Termination must say why. Its reason is part of the command (the MOU records why it ended) and, like every
 * command's reason, also the events' metadata: the forwarder sends it in both places.
 */
export const terminate = z.strictObject({
  reason: text(2000),
  effectiveOn: calendarDate(),
});

export const listMous = z.strictObject({
  status: z.enum(MOU_STATUSES, { error: says(`must be one of ${MOU_STATUSES.join(', ')}`) }).optional(),
  organisationId: uuid().optional(),
  expiringBefore: calendarDate().optional().describe('MOUs whose term ends before this date'),
  collaborationLevel: collaborationLevel.optional(),
  leadTeam: z.string().min(1).max(200).optional(),
  ...pagination,
});

/** `activate` and `expire` carry nothing but an optional reason (the scheduler issues them in the service itself). */
export const activate = z.strictObject({ reason });
export const expire = z.strictObject({ reason });
