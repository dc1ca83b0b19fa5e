import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { COOKIE_AUTHENTICATOR, EXTERNAL_TOKEN_VERIFIER } from '@pmt/http';
import type { Clock } from '@pmt/kernel';
import type { GatewayConfig } from '../../config';
import { OIDC_CONFIG, OidcController } from '../oidc/oidc.controller';
import { OidcProvider } from '../oidc/oidc-provider';
import { OidcTokenVerifier } from '../oidc/oidc-token.verifier';
import { SessionController } from './session.controller';
import { SESSION_CLOCK, SessionService } from './session.service';

/**
 * Local accounts and cookie sessions; with OIDC configured, also the provider's login routes and the verifier of its
 * access tokens. Exports what the global JWT guard falls back on (the cookie) or hands over to (the provider's tokens).
 */
@Module({})
export class SessionModule {
  static forRoot(clock: Clock, config: GatewayConfig): DynamicModule {
    const providers: Provider[] = [SessionService, { provide: SESSION_CLOCK, useValue: clock }, { provide: COOKIE_AUTHENTICATOR, useExisting: SessionService }];
    const exports: (symbol | typeof SessionService)[] = [SessionService, COOKIE_AUTHENTICATOR];
    if (config.oidc) {
      const provider = new OidcProvider(config.oidc);
      providers.push(
        { provide: OidcProvider, useValue: provider },
        { provide: OIDC_CONFIG, useValue: config.oidc },
        { provide: EXTERNAL_TOKEN_VERIFIER, useValue: new OidcTokenVerifier(config.oidc, provider) },
      );
      exports.push(EXTERNAL_TOKEN_VERIFIER);
    }
    return {
      module: SessionModule,
      controllers: config.oidc ? [SessionController, OidcController] : [SessionController],
      providers,
      exports,
    };
  }
}
