import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { CodedError } from '@pmt/kernel';
import { principalFromClaims } from './claims';
import type { Request } from 'express';
import { COOKIE_AUTHENTICATOR, type CookieAuthenticator } from './cookie-authenticator';
import { EXTERNAL_TOKEN_VERIFIER, unverifiedClaims, type ExternalTokenVerifier } from './external-token-verifier';
import type { AuthenticatedRequest, Principal } from './principal';
import { PUBLIC_KEY, QUERY_TOKEN_KEY, ROLES_KEY } from './roles';
import { checkTokenTimes } from './token-rules';

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/;

const unauthorized = (code: string, message: string) => new CodedError(code, 'unauthorized', message);

/**
 * Verifies `Authorization: Bearer <JWT>` with the JwtService the module was given (HS256 and a shared secret in
 * the embedded profile), then checks the route's roles. A missing or bad token is 401; a good token without the
 * role is 403. Without an Authorization header, a session cookie is tried when the module provides a
 * COOKIE_AUTHENTICATOR (the gateway does). Tokens of the OpenID Connect provider go to the EXTERNAL_TOKEN_VERIFIER
 * when the module provides one.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    @Optional() @Inject(COOKIE_AUTHENTICATOR) private readonly cookies?: CookieAuthenticator,
    @Optional() @Inject(EXTERNAL_TOKEN_VERIFIER) private readonly external?: ExternalTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = req.headers.authorization ?? this.queryToken(req, targets);
    req.principal = (!header && (await this.cookies?.authenticate(req))) || (await this.authenticate(header));

    const required = this.reflector.getAllAndOverride<readonly string[] | undefined>(ROLES_KEY, targets);
    if (required && !required.some((r) => req.principal!.roles.includes(r))) {
      throw new CodedError('AUTH.FORBIDDEN', 'forbidden', `This needs one of the roles: ${required.join(', ')}`);
    }
    return true;
  }

  /** `?access_token=` as if it were the bearer header, on routes that accept it and only when no header was sent. */
  private queryToken(req: Request, targets: Parameters<Reflector['getAllAndOverride']>[1]): string | undefined {
    if (!this.reflector.getAllAndOverride<boolean>(QUERY_TOKEN_KEY, targets)) return undefined;
    const token = (req.query as Record<string, unknown> | undefined)?.access_token;
    return typeof token === 'string' ? `Bearer ${token}` : undefined;
  }

  private async authenticate(header: string | undefined): Promise<Principal> {
    if (!header) throw unauthorized('AUTH.MISSING_TOKEN', 'A bearer token is required');
    const m = BEARER.exec(header.trim());
    if (!m) throw unauthorized('AUTH.BAD_TOKEN', 'The Authorization header must be "Bearer <JWT>"');
    if (this.external && unverifiedClaims(m[1])?.iss === this.external.issuer) return this.external.verify(m[1]);
    let claims: Record<string, unknown>;
    try {
      // nbf is checked below with a clock skew; jsonwebtoken's clockTolerance would stretch exp as well
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(m[1], { ignoreNotBefore: true });
    } catch (e) {
      const expired = (e as Error).name === 'TokenExpiredError';
      // iss / aud are checked by jsonwebtoken when the module's verifyOptions name them
      const claim = /^jwt (issuer|audience) invalid/.exec((e as Error).message)?.[1];
      if (claim) throw unauthorized('AUTH.BAD_TOKEN', `The token's ${claim} is not the one this API accepts`);
      throw unauthorized(expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.BAD_TOKEN', expired ? 'The token has expired' : 'The token is not valid');
    }
    checkTokenTimes(claims, Math.floor(Date.now() / 1000));
    return principalFromClaims(claims);
  }
}
