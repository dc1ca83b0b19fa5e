import type { FieldError } from '@pmt/kernel';

// The shapes are the contract's (libs/contracts/notifications); what is left here are cross-field rules that belong to the service's decider.
export * from '@pmt/contracts-notifications';

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

/** An email goes to one plain address; read from the raw body so that one 400 names it beside every other field. */
export function recipientIssues(raw: unknown): FieldError[] {
  const body = raw as { channel?: unknown; recipient?: unknown } | null;
  if (!body || typeof body !== 'object' || body.channel !== 'email' || typeof body.recipient !== 'string' || body.recipient.trim() === '') return [];
  return EMAIL.test(body.recipient) ? [] : [{ path: 'recipient', message: 'must be an email address like someone@example.org' }];
}
