import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CookieAuthenticator, Principal } from '@pmt/http';
import { CodedError, type Clock } from '@pmt/kernel';
import type { Request, Response } from 'express';
import { GATEWAY_CONFIG_KEY, type GatewayConfig } from '../../config';
import { AccountStore } from '../store/account-store';
import { sameSecret, SessionStore, type Session, type SessionUser } from '../store/session-store';

export const SESSION_COOKIE = 'pmt_session';
export const CSRF_HEADER = 'x-csrf-token';
/** Time for session expiry: the system clock, or a test's ManualClock. */
export const SESSION_CLOCK = Symbol('pmt:session-clock');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface SessionBody {
  user: { sub: string; email: string; name?: string; roles: string[]; teams: string[] };
  csrfToken: string;
  expiresAt: string;
}

export const noSession = () => new CodedError('AUTH.NO_SESSION', 'unauthorized', 'Not signed in, or the session has expired');
export const badCsrf = () =>
  new CodedError('AUTH.CSRF', 'forbidden', `A request signed in with the session cookie must carry the ${CSRF_HEADER} header of the session`);

export function sessionBody(s: Session): SessionBody {
  const { sub, email, name, roles, teams } = s.user;
  return { user: { sub, email, ...(name && { name }), roles, teams }, csrfToken: s.csrfToken, expiresAt: s.expiresAt.toISOString() };
}

const principalOf = (u: SessionUser): Principal => ({ actor: u.sub, roles: u.roles, teams: u.teams });

/** Local sign-in and the session cookie: the gateway's COOKIE_AUTHENTICATOR. */
@Injectable()
export class SessionService implements CookieAuthenticator, OnModuleDestroy {
  readonly accounts: AccountStore;
  readonly sessions: SessionStore;
  private readonly trustProxy: boolean;

  constructor(
    @Inject(ConfigService) config: ConfigService,
    @Inject(SESSION_CLOCK) private readonly clock: Clock,
  ) {
    const c = config.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY);
    this.accounts = AccountStore.open(c.dataDir);
    this.sessions = new SessionStore(this.accounts.db, c.sessionTtlMinutes * 60_000);
    this.trustProxy = c.trustProxy;
    void this.accounts.prepare();
  }

  /** A new session for the account the credentials name; 401 alike for unknown email, wrong password, disabled. */
  async signIn(email: string, password: string, req: Request, res: Response): Promise<SessionBody> {
    const account = await this.accounts.verify(email, password);
    if (!account) throw new CodedError('AUTH.BAD_CREDENTIALS', 'unauthorized', 'The email or the password is wrong');
    // a session id the browser had before signing in is never promoted (no fixation): it ends, a new one starts
    const previous = this.cookieOf(req);
    if (previous) this.sessions.end(previous);
    const now = this.clock.now();
    this.sessions.sweep(now);
    const session = this.sessions.create(account, now);
    res.cookie(SESSION_COOKIE, session.token, this.cookieOptions(req));
    return sessionBody(session);
  }

  /** A session for a user the OpenID Connect provider vouched for; the browser's earlier session, if any, ends. */
  startExternal(user: SessionUser, req: Request, res: Response): void {
    const previous = this.cookieOf(req);
    if (previous) this.sessions.end(previous);
    const now = this.clock.now();
    this.sessions.sweep(now);
    res.cookie(SESSION_COOKIE, this.sessions.createExternal(user, now).token, this.cookieOptions(req));
  }

  now(): Date {
    return this.clock.now();
  }

  /** The live session of the request's cookie, renewed; 401 when there is none. */
  current(req: Request): Session {
    const token = this.cookieOf(req);
    const session = token && this.sessions.touch(token, this.clock.now());
    if (!session) throw noSession();
    return session;
  }

  signOut(req: Request, res: Response): void {
    const session = this.current(req);
    this.checkCsrf(req, session);
    this.sessions.end(this.cookieOf(req)!);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions(req));
  }

  async authenticate(req: Request): Promise<Principal | undefined> {
    if (this.cookieOf(req) === undefined) return undefined;
    const session = this.current(req);
    this.checkCsrf(req, session);
    return principalOf(session.user);
  }

  onModuleDestroy(): void {
    this.accounts.close();
  }

  private checkCsrf(req: Request, session: Session): void {
    if (SAFE_METHODS.has(req.method)) return;
    const sent = req.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) throw badCsrf();
  }

  private cookieOf(req: Request): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  /** True when the request came over HTTPS (X-Forwarded-Proto believed only with TRUST_PROXY). */
  isHttps(req: Request): boolean {
    const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      .trim()
      .toLowerCase();
    return (req.socket as { encrypted?: boolean }).encrypted === true || (this.trustProxy && forwarded === 'https');
  }

  /** Secure only over HTTPS, or the browser would drop the cookie on the embedded profile's plain http://localhost. */
  cookieOptions(req: Request) {
    return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: this.isHttps(req) };
  }
}
