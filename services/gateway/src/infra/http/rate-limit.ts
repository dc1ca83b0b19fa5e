import { createHash } from 'node:crypto';
import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { problem, ProblemException } from '@pmt/http';
import type { Request } from 'express';

const MINUTE_MS = 60_000;

const requestOf = (context: ExecutionContext) => context.switchToHttp().getRequest<Request>();

/**
 * Who a request counts against besides its address: the credential as sent (bearer header or calendar feed key),
 * hashed so that no token sits in memory as a map key. Not verified here: a made-up token only gets its own
 * bucket, and the address limit still counts every one of them.
 */
function credentialOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  const key = (req.query as Record<string, unknown> | undefined)?.key;
  const credential = typeof header === 'string' && header.trim() ? header.trim() : typeof key === 'string' && key ? `feed-key ${key}` : undefined;
  return credential && createHash('sha256').update(credential).digest('base64url');
}

/** Health probes come every few seconds from the orchestrator, and answer nothing worth protecting. */
const exempt = (context: ExecutionContext): boolean => requestOf(context).path.startsWith('/health');

/**
 * Two buckets per request, each `perMinute` requests a minute: one per client address (`req.ip`; set TRUST_PROXY
 * behind a proxy so that it is the client's) and one per credential. 0 turns both off (benchmarks).
 */
export function rateLimitModule(perMinute: number) {
  const off = perMinute === 0;
  return ThrottlerModule.forRoot({
    setHeaders: false,
    // one bucket per address and one per credential across every route (the default counts each route apart)
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    skipIf: (context) => off || exempt(context),
    throttlers: [
      { name: 'address', ttl: MINUTE_MS, limit: Math.max(perMinute, 1) },
      {
        name: 'credential',
        ttl: MINUTE_MS,
        limit: Math.max(perMinute, 1),
        skipIf: (context) => off || exempt(context) || credentialOf(requestOf(context)) === undefined,
        getTracker: (req) => credentialOf(req as unknown as Request) ?? '',
      },
    ],
  });
}

/** The throttler's verdict as the API's other errors: problem+json 429 with `Retry-After` in seconds. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new ProblemException(problem(429, `Too many requests: at most ${detail.limit} a minute; try again in ${seconds} s`, { code: 'RATE_LIMITED' }), {
      'Retry-After': String(seconds),
    });
  }
}
