import { Body, Controller, Delete, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiCookieAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponses, ApiZodBody, Public, ZodPipe } from '@pmt/http';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { ConfigService } from '@nestjs/config';
import { API_PREFIX } from '../../api/common/schemas';
import { GATEWAY_CONFIG_KEY, type GatewayConfig } from '../../config';
import { OIDC_PATH } from '../oidc/oidc.controller';
import { signIn } from './session.schemas';
import { CSRF_HEADER, SESSION_COOKIE, SessionService, sessionBody, type SessionBody } from './session.service';

export const SESSION_PATH = `${API_PREFIX}/session`;

const SESSION_SCHEMA = {
  type: 'object',
  required: ['user', 'csrfToken', 'expiresAt'],
  properties: {
    user: {
      type: 'object',
      required: ['sub', 'email', 'roles', 'teams'],
      properties: {
        sub: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'array', items: { type: 'string' } },
        teams: { type: 'array', items: { type: 'string' } },
      },
    },
    csrfToken: { type: 'string', description: `Send it as ${CSRF_HEADER} on every POST/PUT/PATCH/DELETE made with the cookie` },
    expiresAt: { type: 'string', format: 'date-time', description: 'Moves forward with every request (sliding expiry)' },
  },
} as const;

/** Browser sign-in: these routes are public and do their own cookie checks (the guard's would ask for a token). */
@ApiTags('session')
@Public()
@Controller(SESSION_PATH)
export class SessionController {
  private readonly oidc: boolean;

  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(ConfigService) config: ConfigService,
  ) {
    this.oidc = config.getOrThrow<GatewayConfig>(GATEWAY_CONFIG_KEY).oidc !== undefined;
  }

  @Get('providers')
  @ApiOperation({ summary: 'How one may sign in: local accounts, and the OpenID Connect provider when configured' })
  @ApiOkResponse({ description: '{ local: true, oidc: false | { loginUrl } }' })
  providers(): { local: boolean; oidc: false | { loginUrl: string } } {
    return { local: true, oidc: this.oidc && { loginUrl: `/${OIDC_PATH}/login` } };
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: `Sign in with a local account; sets the ${SESSION_COOKIE} cookie (HttpOnly, SameSite=Lax)` })
  @ApiZodBody('SignIn', signIn)
  @ApiOkResponse({ description: 'Signed in', schema: SESSION_SCHEMA as never })
  @ApiProblemResponses(400, 401)
  signIn(@Body(new ZodPipe(signIn)) body: z.output<typeof signIn>, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionBody> {
    return this.sessions.signIn(body.email, body.password, req, res);
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiOperation({ summary: 'The signed-in user and the CSRF token; renews the session' })
  @ApiOkResponse({ description: 'Signed in', schema: SESSION_SCHEMA as never })
  @ApiProblemResponses(401)
  current(@Req() req: Request): SessionBody {
    return sessionBody(this.sessions.current(req));
  }

  @Delete()
  @HttpCode(204)
  @ApiCookieAuth(SESSION_COOKIE)
  @ApiHeader({ name: 'X-CSRF-Token', required: true, description: 'The csrfToken of the session' })
  @ApiOperation({ summary: 'Sign out: the session ends and the cookie is cleared' })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiProblemResponses(401, 403)
  signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): void {
    this.sessions.signOut(req, res);
  }
}
