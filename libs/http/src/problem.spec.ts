import { describe, expect, it } from '@jest/globals';
import { correlationIdFrom } from './correlation';
import { problem, statusForKind, titleForStatus } from './problem';

describe('problem details', () => {
  it('maps every error kind to its status', () => {
    expect(
      ['invalid', 'unauthorized', 'forbidden', 'not-found', 'conflict', 'precondition', 'unprocessable', 'unavailable', 'internal', 'something-else'].map(
        statusForKind,
      ),
    ).toEqual([400, 401, 403, 404, 409, 412, 422, 503, 500, 500]);
  });

  it('builds RFC 9457 bodies with a type per code', () => {
    expect(problem(409, 'MOU is terminated', { code: 'MOU.NOT_SIGNABLE' })).toEqual({
      type: 'urn:pmt:problem:MOU.NOT_SIGNABLE',
      title: 'Conflict',
      status: 409,
      detail: 'MOU is terminated',
      code: 'MOU.NOT_SIGNABLE',
    });
    expect(problem(404, 'x').type).toBe('about:blank');
    expect(titleForStatus(413)).toBe('Content Too Large');
  });

  it('keeps a sane correlation id and replaces anything else', () => {
    expect(correlationIdFrom('abc-123')).toBe('abc-123');
    expect(correlationIdFrom(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), '<script>']) expect(correlationIdFrom(bad)).not.toBe(bad);
  });
});
