import { z } from 'zod';
import { instant, pagination, uuid } from '../common/schemas';

/**
 * The API's resource names and the service that owns each. A service's stream categories are named like its
 * resources (`mou-<id>` holds MOU <id>), so a resource type is also the category the service filters on.
 */
export const AUDITED_RESOURCES = {
  organisation: 'partners',
  proposal: 'proposals',
  mou: 'mous',
  grant: 'funding',
  activity: 'events',
  notification: 'notifications',
} as const;

/** Each service answers this with its own events (auditEventsRoute of @pmt/service-kit; the types come from there, the gateway loads none of its code). */
export const auditEventsSubject = (service: string): string => `${service}.audit.events`;

export type AuditedResource = keyof typeof AUDITED_RESOURCES;
export const AUDITED_SERVICES = [...new Set(Object.values(AUDITED_RESOURCES))];

const RESOURCE_TYPES = Object.keys(AUDITED_RESOURCES) as [AuditedResource, ...AuditedResource[]];
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9]{0,99}$/;
const MAX_TYPES = 20;

/** A strict object: an unknown parameter, or a known one given twice (an array), is a 400 naming it. */
export const auditEventsQuery = z
  .strictObject({
    actor: z
      .string({ error: 'must be one actor, the sub of their token' })
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .optional()
      .describe('Only what this actor did (the `sub` of their token, or `system:…`)'),
    from: instant().optional().describe('Only events recorded at or after this instant (recordedAt, when the change was made in the system)'),
    to: instant().optional().describe('Only events recorded before this instant (exclusive: from=2026-07-01T00:00:00Z&to=2026-10-01T00:00:00Z is one quarter)'),
    type: z
      .string({ error: 'must be an event type or a comma-separated list of them' })
      .transform((s) => s.split(','))
      .pipe(
        z
          .array(z.string().regex(EVENT_TYPE, 'must be event types like MouSigned, separated by commas'))
          .max(MAX_TYPES, `must name at most ${MAX_TYPES} event types`),
      )
      .optional()
      .describe('Only events of this type (MouSigned), or of any of a comma-separated list'),
    resourceType: z
      .enum(RESOURCE_TYPES, { error: `must be one of ${RESOURCE_TYPES.join(', ')}` })
      .optional()
      .describe('Only events of this kind of resource'),
    resourceId: uuid()
      .transform((id) => id.toLowerCase())
      .optional()
      .describe('Only events of the resource with this id'),
    format: z
      .enum(['json', 'csv'], { error: 'must be json or csv' })
      .default('json')
      .describe('csv: the whole result as a file (limit and cursor do not apply)'),
    ...pagination,
  })
  .check((ctx) => {
    const { from, to } = ctx.value;
    if (from !== undefined && to !== undefined && Date.parse(from) > Date.parse(to)) {
      ctx.issues.push({ code: 'custom', path: ['from'], message: 'must not be after to', input: from });
    }
  });

export type AuditEventsQuery = z.output<typeof auditEventsQuery>;
