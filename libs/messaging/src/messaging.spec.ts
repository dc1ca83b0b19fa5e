import { describe, it, expect } from '@jest/globals';
import { CodedError } from '@pmt/kernel';
import { decodeJson, encodeJson } from './json';
import { PlainJsonDeserializer, ReplyJsonSerializer } from './nest-transport';
import { errorFromBody, replyOf } from './reply';
import { eventStreamName, eventSubject, streamCategory } from './subjects';

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

describe('subjects', () => {
  it('names subjects and streams after the service, the stream category and the event type', () => {
    expect(eventSubject('mous', { streamId: 'mou-0193-abc', type: 'MouSigned' })).toBe('events.mous.mou.MouSigned');
    expect(streamCategory('organisation-1-2')).toBe('organisation');
    expect(streamCategory('nodash')).toBe('nodash');
    expect(eventSubject('a.b', { streamId: 'x y-1', type: 'T>*' })).toBe('events.a_b.x_y.T__');
    expect(eventStreamName('mous')).toBe('EVENTS_MOUS');
    expect(eventStreamName('my.svc')).toBe('EVENTS_MY_SVC');
  });
});

describe('replyOf', () => {
  it('turns values, coded errors and other errors into Replies', async () => {
    await expect(replyOf(() => 42)).resolves.toEqual({ ok: true, value: 42 });
    const coded = new CodedError('X.NOPE', 'conflict', 'no', { a: 1 });
    await expect(replyOf(() => Promise.reject(coded))).resolves.toEqual({
      ok: false,
      error: { code: 'X.NOPE', kind: 'conflict', message: 'no', details: { a: 1 } },
    });
    await expect(
      replyOf(
        () => {
          throw new Error('boom');
        },
        { logger: silent },
      ),
    ).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', kind: 'internal', message: 'internal error' },
    });
    expect(errorFromBody({ code: 'X.NOPE', kind: 'conflict', message: 'no' })).toBeInstanceOf(CodedError);
  });
});

describe('Nest wire format', () => {
  const serializer = new ReplyJsonSerializer();
  const deserializer = new PlainJsonDeserializer();

  it('reads plain JSON; a reply subject makes it a request', () => {
    expect(deserializer.deserialize(encodeJson({ a: 1 }), { channel: 's.x', replyTo: '_INBOX.1' })).toEqual({ pattern: 's.x', data: { a: 1 }, id: '_INBOX.1' });
    expect(deserializer.deserialize(encodeJson({ a: 1 }), { channel: 's.x' })).toEqual({ pattern: 's.x', data: { a: 1 } });
    expect(deserializer.deserialize(Buffer.from('{oops'), { channel: 's.x', replyTo: 'r' })).toMatchObject({ data: '{oops' });
  });

  it('writes the Reply itself, wrapping plain values and stray errors', () => {
    const out = (packet: object) => decodeJson(serializer.serialize(packet).data);
    expect(out({ response: { ok: true, value: 1 }, isDisposed: true })).toEqual({ ok: true, value: 1 });
    expect(out({ response: { n: 1 } })).toEqual({ ok: true, value: { n: 1 } });
    expect(out({ err: { status: 'error', message: 'Internal server error' } })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', kind: 'internal', message: 'internal error' },
    });
    expect(out({ err: new CodedError('X.BAD', 'invalid', 'bad') })).toEqual({ ok: false, error: { code: 'X.BAD', kind: 'invalid', message: 'bad' } });
    expect(serializer.serialize({ isDisposed: true }).data.byteLength).toBe(0);
  });

  it('answers an error instead of a reply too large for NATS to carry', () => {
    const small = new ReplyJsonSerializer(1000);
    const big = decodeJson(small.serialize({ response: { items: 'x'.repeat(2000) } }).data) as { ok: boolean; error: { code: string; kind: string } };
    expect(big).toMatchObject({ ok: false, error: { code: 'REPLY.TOO_LARGE', kind: 'invalid' } });
    expect(decodeJson(small.serialize({ response: { items: 'x'.repeat(10) } }).data)).toEqual({ ok: true, value: { items: 'xxxxxxxxxx' } });
  });
});
