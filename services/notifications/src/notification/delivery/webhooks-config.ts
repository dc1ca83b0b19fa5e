import { loadWorkflowsConfig } from '@pmt/service-kit';

/** A receiver of webhook notifications: notifications name it as their recipient. */
export interface WebhookConfig {
  name: string;
  url: string;
  /** Shared with the receiver, which checks X-Signature with it; never stored in events. */
  secret: string;
  /** Topics it wants; the workflows choose recipients by them, the dispatcher does not filter. */
  topics: string[];
}

type Env = Record<string, string | undefined>;

/** Secrets sign every call; a short one is guessable. The workflows config asks the same. */
const MIN_SECRET = 16;

/**
 * The webhooks of the workflows config (config/workflows.json, or the file WORKFLOWS_CONFIG names; see
 * docs/workflows.md), with those in `WEBHOOKS` (a JSON array of the same shape) taking the place of any of the same
 * name: a deployment keeps secrets and real urls in its environment rather than in a committed file. A malformed
 * list stops the service at start, naming what is wrong.
 */
export function loadWebhooks(env: Env = process.env): WebhookConfig[] {
  const configured: WebhookConfig[] = loadWorkflowsConfig(env).webhooks.map((h) => ({ name: h.name, url: h.url, secret: h.secret, topics: [...h.topics] }));
  const fromEnv = env.WEBHOOKS !== undefined && env.WEBHOOKS.trim() !== '' ? parseWebhooks(parseJson(env.WEBHOOKS, 'WEBHOOKS'), 'WEBHOOKS') : [];
  return [...configured.filter((h) => !fromEnv.some((e) => e.name === h.name)), ...fromEnv];
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${where} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function parseWebhooks(value: unknown, where: string): WebhookConfig[] {
  if (!Array.isArray(value)) throw new Error(`${where} must be a list of { name, url, secret, topics }`);
  const problems: string[] = [];
  const names = new Set<string>();
  const hooks = value.map((raw, i) => {
    const h = (raw ?? {}) as Partial<Record<keyof WebhookConfig, unknown>>;
    const at = `${where}[${i}]`;
    if (typeof h.name !== 'string' || h.name.trim() === '') problems.push(`${at}.name is required`);
    else if (names.has(h.name)) problems.push(`${at}.name "${h.name}" is used twice`);
    else names.add(h.name);
    if (typeof h.url !== 'string' || !/^https?:\/\/\S+$/.test(h.url)) problems.push(`${at}.url must be an http(s) URL`);
    if (typeof h.secret !== 'string' || h.secret.length < MIN_SECRET) problems.push(`${at}.secret must be at least ${MIN_SECRET} characters`);
    const topics = h.topics === undefined ? [] : h.topics;
    if (!Array.isArray(topics) || !topics.every((t) => typeof t === 'string')) problems.push(`${at}.topics must be a list of topics`);
    return { name: h.name, url: h.url, secret: h.secret, topics } as WebhookConfig;
  });
  if (problems.length) throw new Error(`webhook configuration: ${problems.join('; ')}`);
  return hooks;
}
