import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
// The committed default, compiled into dist with the code, so a service finds it whatever its working directory
// (and in the image, which holds dist only). It is data, not a project: the boundary rule has nothing to guard.
// eslint-disable-next-line @nx/enforce-module-boundaries
import committed from '../../../config/workflows.json';

/**
 * What the workflows of the events and notifications services may notify about; a webhook subscribes to some
 * of them (or to `*`). See docs/workflows.md.
 */
export const WORKFLOW_TOPICS = ['mou.activated', 'mou.renewal-due', 'proposal.deadline-due', 'proposal.approved', 'kpi.report-due'] as const;
export type WorkflowTopic = (typeof WORKFLOW_TOPICS)[number];

const leadDays = z
  .array(z.number().int('must be a whole number of days').min(0, 'must be 0 or more days').max(3650, 'must be at most 3650 days'))
  .refine((days) => new Set(days).size === days.length, 'must not list a lead time twice')
  // Largest first: the order reminders fall due in.
  .transform((days) => [...days].sort((a, b) => b - a));

const team = z
  .object({
    email: z.array(z.email('must be an email address')).default([]),
    inApp: z.array(z.string().trim().min(1, 'must not be blank')).default([]),
  })
  .strict();

const webhook = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"'),
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    secret: z.string().min(16, 'must be at least 16 characters (it signs every call)'),
    topics: z.array(z.enum([...WORKFLOW_TOPICS, '*'], `must be one of ${[...WORKFLOW_TOPICS, '*'].join(', ')}`)).min(1, 'must name at least one topic'),
  })
  .strict();

export const workflowsConfigSchema = z
  .object({
    leadTimes: z.object({ mouRenewalDays: leadDays, proposalDeadlineDays: leadDays, kpiReportDays: leadDays }).strict(),
    teams: z.record(z.string().trim().min(1, 'a team name must not be blank'), team),
    webhooks: z.array(webhook).refine((hooks) => new Set(hooks.map((h) => h.name)).size === hooks.length, 'webhook names must be unique'),
  })
  .strict();

export type WorkflowsConfig = z.infer<typeof workflowsConfigSchema>;
export type LeadTimes = WorkflowsConfig['leadTimes'];
export type TeamRecipients = z.infer<typeof team>;
export type WebhookConfig = z.infer<typeof webhook>;

type Env = Record<string, string | undefined>;

/**
 * The workflows' configuration: the committed `config/workflows.json`, overridden by the JSON file that
 * `WORKFLOWS_CONFIG` names (absolute, or relative to the working directory). A section the file leaves out
 * keeps its committed value; `leadTimes` is merged key by key. Throws one Error naming the file and every bad
 * field, so a service refuses to start on a config it would misread.
 */
export function loadWorkflowsConfig(env: Env = process.env): WorkflowsConfig {
  const path = env.WORKFLOWS_CONFIG;
  if (!path) return parseWorkflowsConfig(committed, 'config/workflows.json');
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`WORKFLOWS_CONFIG=${path}: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let overrides: unknown;
  try {
    overrides = JSON.parse(text);
  } catch (e) {
    throw new Error(`WORKFLOWS_CONFIG=${path}: ${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error(`WORKFLOWS_CONFIG=${path}: ${file} must hold a JSON object`);
  }
  return parseWorkflowsConfig(withDefaults(overrides as Record<string, unknown>), `WORKFLOWS_CONFIG=${path}`);
}

function withDefaults(overrides: Record<string, unknown>): Record<string, unknown> {
  const lead = overrides.leadTimes;
  return {
    ...committed,
    ...overrides,
    leadTimes: lead && typeof lead === 'object' && !Array.isArray(lead) ? { ...committed.leadTimes, ...lead } : (lead ?? committed.leadTimes),
  };
}

/** Validates a config object; `source` names it in the error. */
export function parseWorkflowsConfig(value: unknown, source: string): WorkflowsConfig {
  const parsed = workflowsConfigSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${pathText(i.path)}: ${i.message}`);
  throw new Error(`invalid workflow configuration (${source}):\n${problems.join('\n')}`);
}

/** `webhooks[0].url`, as people write paths. */
const pathText = (path: PropertyKey[]) =>
  path.length === 0 ? '(top level)' : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** The recipients configured for a team, matched without regard to case or surrounding blanks; null for an unknown team. */
export function teamRecipients(config: Pick<WorkflowsConfig, 'teams'>, name: string | null | undefined): TeamRecipients | null {
  if (!name) return null;
  const key = name.trim().toLowerCase();
  const found = Object.entries(config.teams).find(([team]) => team.trim().toLowerCase() === key);
  return found ? found[1] : null;
}

/** The webhooks subscribed to a topic (by name or `*`), in configuration order. */
export function webhooksFor(config: Pick<WorkflowsConfig, 'webhooks'>, topic: WorkflowTopic): WebhookConfig[] {
  return config.webhooks.filter((w) => w.topics.includes(topic) || w.topics.includes('*'));
}

/** The webhook configured under a name (for delivery, which stores only the name in its events). */
export function webhookNamed(config: Pick<WorkflowsConfig, 'webhooks'>, name: string): WebhookConfig | null {
  return config.webhooks.find((w) => w.name === name) ?? null;
}
