import { describe, expect, it } from '@jest/globals';
import { decodeReply, encodeJson, encodeReply } from './json';

describe('replies carrying bytes', () => {
  it('sends a field of bytes after the JSON and gives it back as they were', () => {
    const text = '{"events":[\n' + '{"reason":"ตามมติ \\"ที่ประชุม\\"\\n"}\n🤝'.repeat(100);
    const reply = { ok: true, value: { filename: 'x.json', chunk: Buffer.from(text, 'utf8'), nextCursor: null, trailer: { verification: { valid: true } } } };
    const wire = encodeReply(reply);
    expect(wire[0]).toBe(0);
    expect(wire.byteLength).toBeLessThan(Buffer.byteLength(JSON.stringify({ ...reply, value: { ...reply.value, chunk: text } })));
    const back = decodeReply<typeof reply>(wire)!;
    expect(Buffer.from(back.value.chunk).toString('utf8')).toBe(text);
    expect(back).toEqual({ ok: true, value: { filename: 'x.json', chunk: expect.any(Buffer), nextCursor: null, trailer: { verification: { valid: true } } } });
    expect('binary' in back).toBe(false);
  });

  it('leaves every other reply plain JSON, as before', () => {
    for (const reply of [
      { ok: true, value: { items: [1, 2], nextCursor: null } },
      { ok: true, value: [Buffer.from('a')] },
      { ok: false, error: { code: 'X', kind: 'invalid', message: 'no' } },
    ]) {
      expect(Buffer.from(encodeReply(reply))).toEqual(Buffer.from(encodeJson(reply)));
      expect(decodeReply(encodeReply(reply))).toEqual(JSON.parse(JSON.stringify(reply)));
    }
  });

  it('refuses a framed reply that is cut short', () => {
    const wire = encodeReply({ ok: true, value: { chunk: Buffer.from('abc') } });
    expect(() => decodeReply(wire.subarray(0, 5))).toThrow(SyntaxError);
  });
});
