import type { FieldError } from '@pmt/kernel';
import { contactRefOf } from './contact-recipient';
import { CHANNELS, type Channel, type Link } from './notification';

export const isBlank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';

/** A plain mailbox address; display names and lists are not recipients of one notification. */
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** An instant with a zone (Z or an offset), so that "when" means the same everywhere. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const SUBJECT_MAX = 500;
export const BODY_MAX = 50_000;

/** The UTC `toISOString` form of an instant, so instants compare as strings; null when it is not one. */
export function utcInstant(s: unknown): string | null {
  if (typeof s !== 'string' || !INSTANT.test(s)) return null;
  const t = new Date(s);
  return Number.isNaN(t.getTime()) ? null : t.toISOString();
}

export interface RequestFields {
  id: unknown;
  channel: unknown;
  recipient: unknown;
  subject: unknown;
  body: unknown;
  topic: unknown;
  link?: unknown;
  sendAfter?: unknown;
}

export function requestErrors(d: RequestFields): FieldError[] {
  const errors: FieldError[] = [];
  if (isBlank(d.id)) errors.push({ path: 'id', message: 'is required' });
  const channelOk = CHANNELS.includes(d.channel as Channel);
  if (!channelOk) errors.push({ path: 'channel', message: `must be one of ${CHANNELS.join(', ')}` });
  if (isBlank(d.recipient)) errors.push({ path: 'recipient', message: 'is required' });
  else errors.push(...recipientErrors(d));
  if (isBlank(d.subject)) errors.push({ path: 'subject', message: 'is required' });
  else if (/[\r\n]/.test(d.subject as string)) errors.push({ path: 'subject', message: 'must be one line' });
  else if ((d.subject as string).length > SUBJECT_MAX) errors.push({ path: 'subject', message: `must be at most ${SUBJECT_MAX} characters` });
  if (isBlank(d.body)) errors.push({ path: 'body', message: 'is required' });
  else if ((d.body as string).length > BODY_MAX) errors.push({ path: 'body', message: `must be at most ${BODY_MAX} characters` });
  if (isBlank(d.topic)) errors.push({ path: 'topic', message: 'is required' });
  errors.push(...linkErrors(d.link));
  if (d.sendAfter !== undefined && d.sendAfter !== null && utcInstant(d.sendAfter) === null) {
    errors.push({ path: 'sendAfter', message: 'must be an ISO-8601 instant with Z or an offset, or null' });
  }
  return errors;
}

/** An email goes to one plain address, or to a partner's contact by reference (contact-recipient.ts). Read from raw data too (the routes join it with the schema's errors), so anything not a string is left to the schema. */
export function recipientErrors(d: unknown): FieldError[] {
  const { channel, recipient } = (typeof d === 'object' && d !== null ? d : {}) as { channel?: unknown; recipient?: unknown };
  if (channel !== 'email' || typeof recipient !== 'string' || isBlank(recipient) || EMAIL.test(recipient) || contactRefOf(recipient)) return [];
  return [{ path: 'recipient', message: 'must be an email address like someone@example.org' }];
}

function linkErrors(link: unknown): FieldError[] {
  if (link === undefined || link === null) return [];
  if (typeof link !== 'object' || Array.isArray(link)) return [{ path: 'link', message: 'must be { resource, id } or null' }];
  const l = link as Partial<Link>;
  const errors: FieldError[] = [];
  if (isBlank(l.resource)) errors.push({ path: 'link.resource', message: 'is required' });
  if (isBlank(l.id)) errors.push({ path: 'link.id', message: 'is required' });
  return errors;
}

/** How failed deliveries are retried; configuration of the service, handed to the domain with each failure. */
export interface RetryPolicy {
  /** The wait after the first failed attempt; doubled after each further one. */
  baseMs: number;
  /** The longest wait between two attempts. */
  capMs: number;
  /** Attempts in all, the first included; the failure of the last one gives up. */
  maxAttempts: number;
}

/** Exponential backoff without jitter: the domain is deterministic, and one office's notifications are no thundering herd. */
export function retryDelayMs(failedAttempt: number, policy: RetryPolicy): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failedAttempt - 1));
}

export function addMs(instant: string, ms: number): string {
  return new Date(new Date(instant).getTime() + ms).toISOString();
}
