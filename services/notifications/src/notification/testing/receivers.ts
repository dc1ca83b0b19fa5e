import { eventually as eventuallyWithin } from '@pmt/testing';
// Real receivers for the notification tests: an SMTP server in-process (smtp-server, messages decoded by mailparser)
// and an HTTP webhook receiver that checks signatures the way docs/notifications.md tells receivers to.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  messageId: string | undefined;
}

export interface SmtpTestServer {
  url: string;
  mails: ReceivedMail[];
  /** How many messages arrived with each Message-ID. */
  countsByMessageId(): Map<string, number>;
  /** The next `n` messages are refused with 451 (a transient failure); `says` words the refusal (`{to}`: the recipients, as servers often echo them). */
  refuseNext(n: number, says?: string): void;
  stop(): Promise<void>;
}

/** Accepts every message (after `delayMs`, to make sending take a while) and keeps it, decoded. */
export async function startSmtpServer(options: { delayMs?: number } = {}): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  let refusals = 0;
  let refusal = 'mailbox busy, try again later';
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          if (refusals > 0) {
            refusals--;
            const to = session.envelope.rcptTo.map((r) => r.address).join(', ');
            return callback(Object.assign(new Error(refusal.split('{to}').join(to)), { responseCode: 451 }));
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const parsed = await simpleParser(raw);
          if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
          // kept when accepted: what the server answers 250 to is what a mailbox gets
          mails.push({ raw, parsed, messageId: parsed.messageId });
          callback();
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const m of mails) counts.set(m.messageId ?? '', (counts.get(m.messageId ?? '') ?? 0) + 1);
      return counts;
    },
    refuseNext(n, says = 'mailbox busy, try again later') {
      refusals = n;
      refusal = says;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface WebhookCall {
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether X-Signature matched HMAC-SHA256 over `${X-Signature-Timestamp}.${body}` with the secret. */
  verified: boolean;
  status: number;
}

export interface WebhookReceiver {
  url: string;
  calls: WebhookCall[];
  /** The next `n` calls are answered with `status` (default 503). */
  failNext(n: number, status?: number): void;
  stop(): Promise<void>;
}

/** The receiver's check, as docs/notifications.md shows it. */
export function verifySignature(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const timestamp = String(headers['x-signature-timestamp'] ?? '');
  const signature = String(headers['x-signature'] ?? '');
  const expected = 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const calls: WebhookCall[] = [];
  let failures = 0;
  let failStatus = 503;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const verified = verifySignature(secret, req.headers, body);
      const status = !verified ? 401 : failures > 0 ? failStatus : 204;
      if (verified && failures > 0) failures--;
      calls.push({ headers: req.headers, body, verified, status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 204 ? undefined : status === 401 ? 'bad signature' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/notifications`,
    calls,
    failNext(n, status = 503) {
      failures = n;
      failStatus = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Polls until `done` holds or the time is up, and answers the last value read (the test then asserts on it): libs/testing's
 * `eventually` with the longer wait these delivery tests (and the e2e tests) need.
 */
export const eventually = <T>(read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> =>
  eventuallyWithin(read, done, { timeoutMs, intervalMs: 25 });
