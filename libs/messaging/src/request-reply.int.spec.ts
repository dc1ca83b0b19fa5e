import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CodedError, conflict } from '@pmt/kernel';
import { freePort, startNatsServer, type TestNatsServer } from '@pmt/testing';
import { connect, type NatsConnection } from 'nats';
import type { QueryMessage, Reply } from './contract';
import { decodeJson, encodeJson } from './json';
import type { MessagingLogger } from './logger';
import { BackgroundNatsConnection } from './background-connection';
import { connectNats, natsHealth } from './nats-connection';
import { natsTransportOptions, ReplyExceptionFilter } from './nest-transport';
import { replyOf } from './reply';
import { BAD_REPLY, NatsRequester, SERVICE_UNAVAILABLE } from './requester';

const logged: string[] = [];
let echoCalls = 0;
const echoInstances = new Set<object>();
const logger: MessagingLogger = { log: () => undefined, warn: () => undefined, error: (m) => void logged.push(m) };

type Echo = QueryMessage<{ text: string }>;

@Controller()
class TestController {
  @MessagePattern('test.thing.echo')
  echo(@Payload() msg: Echo): Promise<Reply<{ text: string; actor: string }>> {
    echoCalls++;
    echoInstances.add(this);
    return replyOf(() => ({ text: msg.params.text, actor: msg.actor }), { ...msg, logger });
  }

  @MessagePattern('test.thing.refuse')
  refuse(@Payload() msg: Echo): Promise<Reply<never>> {
    return replyOf(
      async () => {
        throw conflict('THING.NOT_REFUSABLE', 'the thing is active and cannot be refused', { state: 'active' });
      },
      { ...msg, logger },
    );
  }

  @MessagePattern('test.thing.crash')
  crash(@Payload() msg: Echo): Promise<Reply<never>> {
    return replyOf(
      () => {
        throw new TypeError('secret detail');
      },
      { ...msg, subject: 'test.thing.crash', logger },
    );
  }

  /** No replyOf: the serializer wraps the value, the filter turns the throw into a Reply. */
  @MessagePattern('test.thing.plain')
  plain(@Payload() msg: Echo): { text: string } {
    if (msg.params.text === 'throw')
      throw new CodedError('THING.INVALID', 'invalid', 'text must not be throw', undefined, [{ path: 'text', message: 'must not be throw' }]);
    return { text: msg.params.text };
  }
}

@Module({ controllers: [TestController] })
class TestServiceModule {}

describe('request/reply over NATS with a Nest microservice', () => {
  let nats: TestNatsServer;
  let service: INestMicroservice;
  let clientNc: NatsConnection;
  let requester: NatsRequester;

  beforeAll(async () => {
    nats = await startNatsServer();
    service = await NestFactory.createMicroservice(TestServiceModule, {
      ...natsTransportOptions(nats.url, 'test-service', { gracePeriod: 50 }),
      logger: false,
    });
    service.useGlobalFilters(new ReplyExceptionFilter());
    await service.listen();
    clientNc = await connectNats(nats.url, 'test-gateway', { logger });
    requester = new NatsRequester(clientNc);
  });

  afterAll(async () => {
    await clientNc?.drain();
    await service?.close();
    await nats?.stop();
  });

  const query = (text: string): Echo => ({ actor: 'user-1', correlationId: `corr-${text}`, params: { text } });

  it('answers with the handler value', async () => {
    await expect(requester.request('test.thing.echo', query('hello'))).resolves.toEqual({ text: 'hello', actor: 'user-1' });
  });

  it('rethrows a coded error with its code, kind, message and details', async () => {
    const caught = await requester.request('test.thing.refuse', query('x')).catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(CodedError);
    expect(caught).toMatchObject({
      code: 'THING.NOT_REFUSABLE',
      kind: 'conflict',
      message: 'the thing is active and cannot be refused',
      details: { state: 'active' },
    });
  });

  it('hides an unexpected error as INTERNAL and logs it with the correlation id', async () => {
    const caught = await requester.request('test.thing.crash', query('boom')).catch((e: unknown) => e);
    expect(caught).toMatchObject({ code: 'INTERNAL', kind: 'internal', message: 'internal error' });
    expect(logged.some((l) => l.includes('corr-boom') && l.includes('secret detail') && l.includes('test.thing.crash'))).toBe(true);
  });

  it('wraps plain handler values and thrown coded errors without replyOf', async () => {
    await expect(requester.request('test.thing.plain', query('hi'))).resolves.toEqual({ text: 'hi' });
    await expect(requester.request('test.thing.plain', query('throw'))).rejects.toMatchObject({
      code: 'THING.INVALID',
      kind: 'invalid',
      errors: [{ path: 'text', message: 'must not be throw' }],
    });
  });

  it('maps no responder to SERVICE.UNAVAILABLE at once, naming the subject', async () => {
    const started = Date.now();
    const caught = await requester.request('test.nobody.home', query('x'), 2_000).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(500);
    expect(caught).toBeInstanceOf(CodedError);
    expect(caught).toMatchObject({ code: SERVICE_UNAVAILABLE, kind: 'unavailable', details: { subject: 'test.nobody.home', reason: 'no-responders' } });
    expect((caught as Error).message).toBe('The test service is not running (no responders)');
  });

  it('maps a timeout to SERVICE.UNAVAILABLE', async () => {
    const nc = await connect({ servers: nats.url });
    nc.subscribe('test.slow.thing', { callback: () => undefined }); // listens, never answers
    await nc.flush();
    try {
      await expect(requester.request('test.slow.thing', query('x'), 200)).rejects.toMatchObject({
        code: SERVICE_UNAVAILABLE,
        kind: 'unavailable',
        details: { subject: 'test.slow.thing', reason: 'timeout' },
      });
    } finally {
      await nc.close();
    }
  });

  it('speaks plain JSON to a non-Nest peer', async () => {
    const nc = await connect({ servers: nats.url });
    try {
      const msg = await nc.request('test.thing.echo', encodeJson(query('raw')), { timeout: 2_000 });
      expect(decodeJson(msg.data)).toEqual({ ok: true, value: { text: 'raw', actor: 'user-1' } });
    } finally {
      await nc.close();
    }
  });

  it('shares requests across instances of one queue group', async () => {
    const second = await NestFactory.createMicroservice(TestServiceModule, {
      ...natsTransportOptions(nats.url, 'test-service', { gracePeriod: 50 }),
      logger: false,
    });
    await second.listen();
    await new Promise((r) => setTimeout(r, 100)); // the second instance's subscription reaches the server
    try {
      echoCalls = 0;
      echoInstances.clear();
      const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => requester.request('test.thing.echo', query(`n${i}`))));
      expect(replies).toHaveLength(50);
      // One handler call per request: the two instances share the subject through the queue group.
      await new Promise((r) => setTimeout(r, 100));
      expect(echoCalls).toBe(50);
      expect(echoInstances.size).toBe(2);
    } finally {
      await second.close();
    }
  });

  it('reports health', async () => {
    const nc = await connectNats(nats.url, 'health-test', { logger });
    expect(await natsHealth(nc)).toMatchObject({ status: 'up' });
    await nc.close();
    expect(await natsHealth(nc)).toMatchObject({ status: 'down' });
    expect(await natsHealth(undefined)).toMatchObject({ status: 'down' });
  });

  it('keeps latency low: raw echo vs the Nest path', async () => {
    const nc: NatsConnection = await connect({ servers: nats.url });
    nc.subscribe('test.raw.echo', { callback: (_e, m) => m.respond(m.data) });
    await nc.flush();
    const n = 1_000;
    const time = async (f: () => Promise<unknown>) => {
      const started = process.hrtime.bigint();
      for (let i = 0; i < n; i++) await f();
      return Number(process.hrtime.bigint() - started) / 1e6 / n;
    };
    const payload = encodeJson(query('x'));
    await time(() => nc.request('test.raw.echo', payload)); // warm-up
    await time(() => requester.request('test.thing.echo', query('x')));
    const raw = await time(() => nc.request('test.raw.echo', payload));
    const nest = await time(() => requester.request('test.thing.echo', query('x')));
    console.log(`mean round trip: raw echo ${raw.toFixed(3)} ms, requester + Nest ${nest.toFixed(3)} ms`);
    // Relative, so that a loaded machine does not fail it: the Nest path adds little to a raw echo.
    expect(nest).toBeLessThan(raw * 3 + 1);
    await nc.close();
  });
});

describe('NatsRequester over a BackgroundNatsConnection (the gateway: it starts while NATS is away)', () => {
  let nats: TestNatsServer;

  beforeAll(async () => {
    nats = await startNatsServer();
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it('answers SERVICE.UNAVAILABLE at once while not connected, and stops trying when closed', async () => {
    const connection = new BackgroundNatsConnection({ url: `nats://127.0.0.1:${await freePort()}`, name: 'test-gateway', retryMs: 50, connection: { logger } });
    await connection.start(500);
    expect(connection.isConnected()).toBe(false);
    const started = Date.now();
    const caught = await new NatsRequester(connection).request('mous.mou.get', {}).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(100);
    expect(caught).toMatchObject({
      code: SERVICE_UNAVAILABLE,
      kind: 'unavailable',
      message: 'The mous service cannot be reached: the test-gateway is not connected to NATS',
    });
    await connection.close();
  });

  it('requests once connected; a reply that is not a Reply, or whose error has no code, is BAD_REPLY; an unknown kind is internal', async () => {
    const connection = new BackgroundNatsConnection({ url: nats.url, name: 'test-gateway', connection: { logger } });
    await connection.start();
    expect(connection.isConnected()).toBe(true);
    const nc = await connect({ servers: nats.url });
    nc.subscribe('test.odd.*', {
      callback: (_e, m) => {
        const answers: Record<string, unknown> = {
          'test.odd.text': 'not a reply',
          'test.odd.nocode': { ok: false, error: { message: 'no code' } },
          'test.odd.kind': { ok: false, error: { code: 'ODD.KIND', kind: 'strange', message: 'a kind nobody knows' } },
        };
        m.respond(m.subject === 'test.odd.notjson' ? new TextEncoder().encode('{') : encodeJson(answers[m.subject]));
      },
    });
    await nc.flush();
    const requester = new NatsRequester(connection, 2_000);
    try {
      for (const subject of ['test.odd.text', 'test.odd.nocode', 'test.odd.notjson']) {
        await expect(requester.request(subject, {})).rejects.toMatchObject({ code: BAD_REPLY, kind: 'internal' });
      }
      await expect(requester.request('test.odd.kind', {})).rejects.toMatchObject({ code: 'ODD.KIND', kind: 'internal', message: 'a kind nobody knows' });
    } finally {
      await nc.close();
      await connection.close();
    }
    expect(connection.isConnected()).toBe(false);
  });
});
