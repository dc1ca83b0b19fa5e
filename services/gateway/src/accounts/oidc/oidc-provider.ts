import { Logger } from '@nestjs/common';
import type * as OpenIdClient from 'openid-client';
import type { OidcConfig } from '../../config';
import { loadOpenIdClient } from './esm';

export interface OidcLogin {
  url: URL;
  state: string;
  codeVerifier: string;
  nonce: string;
}

/** What the provider says of the user once the code is exchanged (ID token claims, then userinfo). */
export type OidcClaims = Record<string, unknown>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The organisation's OpenID Connect provider, through openid-client (a certified relying party): discovery on
 * first use (retried after a failure), authorization code with PKCE (S256), state and nonce.
 */
export class OidcProvider {
  private readonly log = new Logger('Oidc');
  private configuration?: Promise<OpenIdClient.Configuration>;

  constructor(private readonly config: OidcConfig) {}

  async metadata(): Promise<OpenIdClient.ServerMetadata> {
    return (await this.discovered()).serverMetadata();
  }

  async login(redirectUri: string): Promise<OidcLogin> {
    const client = await loadOpenIdClient();
    const config = await this.discovered();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: this.config.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, codeVerifier, nonce };
  }

  /** Exchanges the code of the callback URL; openid-client checks state, PKCE, the ID token and its nonce. */
  async finish(callbackUrl: URL, checks: { state: string; codeVerifier: string; nonce: string }): Promise<OidcClaims> {
    const client = await loadOpenIdClient();
    const config = await this.discovered();
    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    let userinfo: OidcClaims = {};
    if (config.serverMetadata().userinfo_endpoint) {
      userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch((e: unknown) => {
        this.log.warn(`userinfo failed, using the ID token's claims only: ${(e as Error).message}`);
        return {};
      });
    }
    return { ...userinfo, ...idClaims };
  }

  private discovered(): Promise<OpenIdClient.Configuration> {
    this.configuration ??= (async () => {
      const client = await loadOpenIdClient();
      const issuer = new URL(this.config.issuer);
      // plain http only for a provider on this machine (tests, a local Keycloak); anything else must be https
      const insecure = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
      return client.discovery(
        issuer,
        this.config.clientId,
        this.config.clientSecret,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    })();
    this.configuration.catch((e: unknown) => {
      this.log.error(`discovery of ${this.config.issuer} failed: ${(e as Error).message}`);
      this.configuration = undefined;
    });
    return this.configuration;
  }
}
