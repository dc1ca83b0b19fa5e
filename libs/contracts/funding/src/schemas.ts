import { z } from 'zod';
import { calendarDate, confidential, pagination, positiveMoney, reason, says, text, uuid } from '@pmt/contracts-common';
import { GRANT_STATUSES } from './events';

export const openGrant = z
  .strictObject({
    proposalId: uuid().optional().describe('The approved proposal this grant funds; one grant per proposal'),
    title: text(500).optional().describe('Defaults to "Untitled grant"'),
    funderId: uuid().describe('The organisation that awards the money'),
    partnerIds: z.array(uuid()).max(50, 'must name at most 50 partners').optional(),
    leadTeam: text(200).nullable().optional(),
    awardedAmount: positiveMoney().describe('The grant’s currency: tranches, disbursements and expenditures are in it'),
    startsOn: calendarDate(),
    endsOn: calendarDate().describe('On or after startsOn'),
    confidential,
    reason,
  })
  .describe('Partners are each named once and are not the funder; endsOn is on or after startsOn');

export const scheduleTranches = z.strictObject({
  tranches: z
    .array(z.strictObject({ dueOn: calendarDate(), amount: positiveMoney() }))
    .min(1, 'name at least one tranche')
    .max(100, 'must name at most 100 tranches')
    .describe('Each gets an id; together with those scheduled before, at most the awarded amount'),
  reason,
});

export const disburse = z.strictObject({
  amount: positiveMoney().describe('At most what remains of the awarded amount'),
  disbursedOn: calendarDate().describe('Not after today'),
  trancheId: uuid().optional().describe('One of the grant’s tranches (400 naming trancheId otherwise)'),
  reason,
});

/** A second staff member, not the one who asked, confirms a disbursement held for four eyes; `reason` goes to the history. */
export const confirmDisbursement = z.strictObject({ reason });

export const recordExpenditure = z.strictObject({
  amount: positiveMoney().describe('At most what was disbursed and is not yet spent (of that disbursement, when named)'),
  spentOn: calendarDate().describe('Not after today'),
  category: text(200).describe('What the money went on, like equipment, travel, personnel'),
  disbursementId: uuid().optional(),
  reason,
});

export const commitCoInvestment = z.strictObject({
  organisationId: uuid().describe('The co-investor, a registered organisation'),
  amount: positiveMoney().describe('In the co-investor’s currency, which may differ from the grant’s'),
  committedOn: calendarDate().optional().describe('Defaults to today; not after today'),
  reason,
});

/** The reason is needed only while money is unaccounted for; it is kept in the close-out and in the history. */
export const closeOut = z.strictObject({ reason });

export const listGrants = z.strictObject({
  status: z.enum(GRANT_STATUSES, { error: says(`must be one of ${GRANT_STATUSES.join(', ')}`) }).optional(),
  funderId: uuid().optional(),
  proposalId: uuid().optional(),
  partnerId: uuid().optional().describe('Grants that name this organisation among their partners'),
  leadTeam: z.string().min(1).max(200).optional(),
  ...pagination,
});
