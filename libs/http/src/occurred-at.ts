import { CodedError } from '@pmt/kernel';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/**
 * `Occurred-At: <UTC instant>` backdates a command's events for history entered after the fact (an MOU signed in
 * 2009 recorded today), so that `asOf` shows it as it stood then. Only admins may say when something happened;
 * the store still records when it was told (recordedAt), and the service refuses an instant before the
 * aggregate's last event or in the future.
 */
export function parseOccurredAt(header: string | string[] | undefined, roles: string[]): string | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!roles.includes('admin')) throw new CodedError('AUTH.FORBIDDEN', 'forbidden', 'Only an admin may backdate a change with Occurred-At');
  if (typeof value !== 'string' || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new CodedError('REQUEST.BAD_OCCURRED_AT', 'invalid', 'Occurred-At must be a UTC instant like 2009-04-20T03:00:00Z', undefined, [
      { path: 'Occurred-At', message: 'must be a UTC instant like 2009-04-20T03:00:00Z' },
    ]);
  }
  return new Date(value).toISOString();
}
