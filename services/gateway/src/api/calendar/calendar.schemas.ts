import { z } from 'zod';
import { uuid } from '../common/schemas';

/** A strict object: an unknown parameter, or a known one given twice (an array), is a 400 naming it. */
export const calendarQuery = z.strictObject({
  team: z
    .string({ error: 'must be one team name, like NMCO' })
    .min(1, 'must not be empty')
    .max(200, 'must be at most 200 characters')
    .optional()
    .describe('Only what this team leads (activities, proposals and MOUs by their leadTeam)'),
  access_token: z.string().optional().describe('The bearer token, for calendar apps that subscribe by URL and cannot send an Authorization header'),
  organisationId: uuid()
    .optional()
    .describe('Only what this organisation is involved in: activities it takes part in, proposals it funds or partners, MOUs it is a party to'),
});

export type CalendarQuery = z.output<typeof calendarQuery>;
