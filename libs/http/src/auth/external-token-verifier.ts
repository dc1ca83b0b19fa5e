import type { Principal } from './principal';

/**
 * Bearer tokens of another issuer (the organisation's OpenID Connect provider), verified its own way (its JWKS).
 * The guard hands it the tokens whose unverified `iss` names that issuer; everything else goes to the HS256 check.
 * `verify` throws a 401 CodedError for a token it refuses.
 */
export interface ExternalTokenVerifier {
  readonly issuer: string;
  verify(token: string): Promise<Principal>;
}

export const EXTERNAL_TOKEN_VERIFIER = Symbol('pmt:external-token-verifier');

/** The claims of a JWT without checking anything: only to route it to the right verifier. */
export function unverifiedClaims(token: string): Record<string, unknown> | undefined {
  try {
    const claims: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
