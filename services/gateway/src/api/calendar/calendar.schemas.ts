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
  key: z.string().describe('A calendar feed key (POST /api/v1/calendar/feed-tokens): calendar apps subscribe by URL and cannot send an Authorization header'),
  organisationId: uuid()
    .optional()
    .describe('Only what this organisation is involved in: activities it takes part in, proposals it funds or partners, MOUs it is a party to'),
});

export type CalendarQuery = z.output<typeof calendarQuery>;

/** `POST /calendar/feed-tokens`: an optional label, so that a person can tell their keys apart when revoking one. */
export const createFeedToken = z.strictObject({
  label: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional().describe('e.g. "phone" or "office Outlook"'),
});

export type CreateFeedToken = z.output<typeof createFeedToken>;
