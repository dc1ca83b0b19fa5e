import { checkTokenTimes, principalFromClaims, type ExternalTokenVerifier, type Principal } from '@pmt/http';
import { CodedError } from '@pmt/kernel';
import type { OidcConfig } from '../../config';
import { loadJose } from './esm';
import type { OidcProvider } from './oidc-provider';

const refused = (message: string) => new CodedError('AUTH.BAD_TOKEN', 'unauthorized', message);

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
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jose.jwtVerify(token, await this.jwks(), {
        issuer: this.config.issuer,
        audience: this.config.audience,
        // nbf gets the skew of every bearer token; exp none (checked strictly below)
        clockTolerance: 30,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (e) {
      this.keys = (e as { code?: string }).code === 'ERR_JWKS_TIMEOUT' ? undefined : this.keys;
      const expired = (e as { code?: string }).code === 'ERR_JWT_EXPIRED';
      if (expired) throw new CodedError('AUTH.TOKEN_EXPIRED', 'unauthorized', 'The token has expired');
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
