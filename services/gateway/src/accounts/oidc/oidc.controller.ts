import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, principalFromClaims, Public } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { Request, Response } from 'express';
import { API_PREFIX } from '../../api/common/schemas';
import type { OidcConfig } from '../../config';
import { sameSecret } from '../store/session-store';
import { SessionService } from '../session/session.service';
import { OidcProvider } from './oidc-provider';
import { safeReturnTo } from './return-to';

export const OIDC_PATH = `${API_PREFIX}/session/oidc`;
export const OIDC_CONFIG = Symbol('pmt:oidc-config');
/** Ties the callback to the browser that started the login (no login CSRF): it holds the `state`. */
const STATE_COOKIE = 'pmt_oidc_state';
const failed = (why: string) => new CodedError('AUTH.OIDC_FAILED', 'unauthorized', `Sign-in with the organisation's provider failed: ${why}`);

/** Sign-in with the OpenID Connect provider (authorization code + PKCE); registered only when OIDC is configured. */
@ApiTags('session')
@Public()
@Controller(OIDC_PATH)
export class OidcController {
  constructor(
    @Inject(OidcProvider) private readonly provider: OidcProvider,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(OIDC_CONFIG) private readonly config: OidcConfig,
  ) {}

  @Get('login')
  @ApiOperation({ summary: "Starts sign-in at the organisation's OpenID Connect provider" })
  @ApiQuery({ name: 'returnTo', required: false, description: 'A path on this site to come back to (default /)' })
  @ApiFoundResponse({ description: 'To the provider' })
  @ApiProblemResponses(503)
  async login(@Query('returnTo') returnTo: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const login = await this.provider.login(this.redirectUri(req)).catch((e: unknown) => {
      throw new CodedError('AUTH.OIDC_UNAVAILABLE', 'unavailable', `The sign-in provider does not answer: ${(e as Error).message}`);
    });
    this.sessions.sessions.savePendingLogin(
      login.state,
      { codeVerifier: login.codeVerifier, nonce: login.nonce, returnTo: safeReturnTo(returnTo) },
      this.sessions.now(),
    );
    res.cookie(STATE_COOKIE, login.state, { ...this.sessions.cookieOptions(req), path: OIDC_PATH.replace(/^\/?/, '/'), maxAge: 10 * 60_000 });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, login.url.href);
  }

  @Get('callback')
  @ApiOperation({ summary: 'Where the provider sends the browser back; sets the session cookie and goes on to returnTo' })
  @ApiFoundResponse({ description: 'To returnTo, signed in' })
  @ApiProblemResponses(401)
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const query = req.query as Record<string, unknown>;
    if (typeof query.error === 'string') throw failed(String(query.error_description ?? query.error));
    const state = typeof query.state === 'string' ? query.state : '';
    const bound = (req.cookies as Record<string, unknown> | undefined)?.[STATE_COOKIE];
    if (!state || typeof bound !== 'string' || !sameSecret(state, bound)) throw failed('this browser did not start that sign-in');
    const pending = this.sessions.sessions.takePendingLogin(state, this.sessions.now());
    if (!pending) throw failed('the sign-in took too long or was already used; start again');

    const callbackUrl = new URL(this.redirectUri(req));
    callbackUrl.search = new URL(req.originalUrl, 'http://x').search;
    const claims = await this.provider.finish(callbackUrl, { state, codeVerifier: pending.codeVerifier, nonce: pending.nonce }).catch((e: unknown) => {
      throw failed((e as Error).message);
    });
    const who = principalFromClaims(claims, this.config.rolesClaim, this.config.teamsClaim);
    const email = typeof claims.email === 'string' ? claims.email : who.actor;
    const name = typeof claims.name === 'string' ? claims.name : undefined;
    this.sessions.startExternal({ sub: who.actor, email, ...(name && { name }), roles: who.roles, teams: who.teams ?? [] }, req, res);
    res.clearCookie(STATE_COOKIE, { ...this.sessions.cookieOptions(req), path: OIDC_PATH.replace(/^\/?/, '/') });
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, pending.returnTo);
  }

  /** As registered at the provider: OIDC_REDIRECT_URI, else this gateway's own callback URL. */
  private redirectUri(req: Request): string {
    if (this.config.redirectUri) return this.config.redirectUri;
    return `${this.sessions.isHttps(req) ? 'https' : 'http'}://${req.headers.host}/${OIDC_PATH.replace(/^\//, '')}/callback`;
  }
}
