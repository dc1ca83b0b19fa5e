import { z } from 'zod';
import { reason } from './schemas';

/**
 * `confidential` on the create of an MOU, proposal, grant or activity: only its lead team, admins and auditors then
 * see it anywhere (API.md). A confidential record needs a lead team, and staff may only make one their team leads.
 */
export const confidential = z
  .boolean({ error: 'must be true or false' })
  .optional()
  .describe('Only the lead team, admins and auditors see it anywhere (404 to everyone else); needs a leadTeam');

/** `POST /<resource>/{id}/confidentiality`: make a record confidential, or open it again. */
export const setConfidentiality = z.strictObject({ confidential: z.boolean({ error: 'must be true or false' }), reason });

/** The data of every `<Aggregate>ConfidentialityChanged` event. */
export interface ConfidentialityChangedData {
  confidential: boolean;
  at: string;
}
