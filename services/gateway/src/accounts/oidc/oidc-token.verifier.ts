import { checkTokenTimes, principalFromClaims, type ExternalTokenVerifier, type Principal } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { OidcConfig } from '../../config';
import { loadJose } from './esm';
import type { OidcProvider } from './oidc-provider';

const refused = (message: string) => new CodedError('AUTH.BAD_TOKEN', 'unauthorized', message);
const unavailable = (why: string) => new CodedError('AUTH.OIDC_UNAVAILABLE', 'unavailable', `The sign-in provider's keys cannot be fetched: ${why}`);

/**
 * The provider's access tokens (JWTs) on the API: signature against the issuer's JWKS (fetched from its discovery
 * document, cached and refreshed by jose when a new key id appears), issuer, audience, expiry; then the same time
 * rules as every bearer token. Roles and teams come from the configured claims.
 */
export class OidcTokenVerifier implements ExternalTokenVerifier {
  readonly issuer: string;
  private keys?: Promise<ReturnType<(typeof import('jose'))['createRemoteJWKSet']>>;

  constructor(
    private readonly config: OidcConfig,
    private readonly provider: OidcProvider,
  ) {
    this.issuer = config.issuer;
  }

  async verify(token: string): Promise<Principal> {
    const jose = await loadJose();
    const keys = await this.jwks().catch((e: unknown) => {
      throw unavailable((e as Error).message);
    });
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jose.jwtVerify(token, keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        // nbf gets the skew of every bearer token; so does exp here, which is why it is checked again strictly below
        clockTolerance: 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new CodedError('AUTH.TOKEN_EXPIRED', 'unauthorized', 'The token has expired');
      // the provider's keys could not be fetched: its outage, not a bad token
      if (code === 'ERR_JWKS_TIMEOUT' || typeof code !== 'string' || !code.startsWith('ERR_')) throw unavailable((e as Error).message);
      throw refused(`The provider's token is not valid: ${(e as Error).message}`);
    }
    const now = Math.floor(Date.now() / 1000);
    if ((claims.exp as number) <= now) throw new CodedError('AUTH.TOKEN_EXPIRED', 'unauthorized', 'The token has expired');
    checkTokenTimes(claims, now);
    return principalFromClaims(claims, this.config.rolesClaim, this.config.teamsClaim);
  }

  private jwks() {
    this.keys ??= (async () => {
      const jose = await loadJose();
      const jwksUri = (await this.provider.metadata()).jwks_uri;
      if (!jwksUri) throw new Error(`the provider ${this.config.issuer} publishes no jwks_uri`);
      return jose.createRemoteJWKSet(new URL(jwksUri));
    })();
    this.keys.catch(() => (this.keys = undefined));
    return this.keys;
  }
}
