/**
 * Child process of oidc.int.spec.ts: two real OpenID providers (oidc-provider, an ES module jest cannot load) and the
 * gateway configured for the first one, all in a plain Node process where openid-client and jose load as they do in
 * production. Env: NATS_URL, DATA_DIR, GATEWAY_PORT. Prints `READY {json}` once everything listens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayApp } from '../../app';
import { ACCOUNT_CLAIMS, API_AUDIENCE, CLIENT_ID, CLIENT_SECRET } from './oidc-fixture';

// a real import() (TypeScript would turn a written one into require()): oidc-provider is an ES module
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function listening(): Promise<{ server: Server; url: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A provider with devInteractions (login form taking any name), client credentials, and JWT access tokens per resource. */
async function startProvider(redirectUri: string) {
  const { default: Provider } = await importEsm('oidc-provider');
  const jose = await importEsm('jose');
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const { server, url } = await listening();
  const provider = new Provider(url, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'client_credentials'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['cookie-key-for-tests'] },
    pkce: { required: () => true },
    // roles and teams in the ID token too (by default they would only be at userinfo)
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], email: ['email'], profile: ['name'], pmt: ['roles', 'teams'] },
    scopes: ['openid', 'email', 'profile', 'pmt', 'api'],
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id, ...ACCOUNT_CLAIMS }) }),
    extraTokenClaims: (_ctx: unknown, token: { accountId?: string }) =>
      token.accountId ? { roles: ACCOUNT_CLAIMS.roles, teams: ACCOUNT_CLAIMS.teams } : { roles: ['viewer'], teams: [] },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => ({ scope: 'api', audience: resource, accessTokenTTL: 3600, accessTokenFormat: 'jwt' }),
      },
    },
  });
  server.on('request', provider.callback());
  return { url, server };
}

async function main(): Promise<void> {
  const gatewayPort = Number(process.env.GATEWAY_PORT);
  const redirectUri = `http://127.0.0.1:${gatewayPort}/api/v1/session/oidc/callback`;
  const issuer = await startProvider(redirectUri);
  const other = await startProvider(redirectUri);
  const gateway = await createGatewayApp({
    port: gatewayPort,
    host: '127.0.0.1',
    natsUrl: process.env.NATS_URL!,
    dataDir: process.env.DATA_DIR!,
    jwtSecret: 'hs256-secret-for-tests',
    logLevel: 'silent',
    oidc: {
      issuer: issuer.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      audience: API_AUDIENCE,
      rolesClaim: 'roles',
      teamsClaim: 'teams',
      scopes: 'openid email profile pmt api',
    },
  });
  process.stdout.write(`READY ${JSON.stringify({ issuer: issuer.url, otherIssuer: other.url, gateway: gateway.url })}\n`);
  process.on('SIGTERM', () => {
    void gateway.close().then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
